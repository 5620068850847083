package zmtp

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"time"
)

// peer is one connection: its reader runs in the goroutine that serves it,
// its writer in a goroutine of its own that drains its send queue.
type peer struct {
	conn     net.Conn
	io       io.ReadWriter // conn's reads and writes (see connIO)
	rd       frameReader
	kind     string // the peer's socket type
	identity []byte // from its READY, if it gave one

	hwm  int
	wake chan struct{} // the queue has something, capacity 1
	done chan struct{} // closed once the connection is closed
	once sync.Once

	// direct writes without waiting, when the queue is empty; nil where
	// the platform or connection has no such write.
	direct *connIO

	mu      sync.Mutex
	queue   [][]byte // encoded messages waiting for the writer
	count   int      // messages queued or being written
	bytes   int      // their size
	writing bool     // the writer or a sender is writing
	topics  map[string]int
}

func newPeer(conn net.Conn, hwm int) *peer {
	var rw io.ReadWriter = conn
	direct := newConnIO(conn)
	if direct != nil {
		rw = direct
	}
	return &peer{
		direct: direct,
		conn:   conn,
		io:     rw,
		rd:     frameReader{bufio.NewReaderSize(rw, 16<<10)},
		hwm:    hwm,
		wake:   make(chan struct{}, 1),
		done:   make(chan struct{}),
	}
}

func (p *peer) close() {
	p.once.Do(func() {
		close(p.done)
		p.conn.Close()
	})
}

// handshake exchanges greetings and READY commands, ours naming identity
// when it is not empty. It accepts a peer whose socket type is one of
// accepts.
func (p *peer) handshake(ourType string, identity []byte, accepts []string) error {
	p.conn.SetDeadline(time.Now().Add(handshakeTimeout))
	defer p.conn.SetDeadline(time.Time{})
	// The READY can go with the greeting: the peer reads exactly a
	// greeting's worth before looking for it, and a peer below 3.0 is
	// refused anyway.
	if _, err := p.conn.Write(append(greeting(), readyCommand(ourType, identity)...)); err != nil {
		return err
	}
	return p.readHandshake(ourType, accepts)
}

// readHandshake reads the peer's greeting and READY.
func (p *peer) readHandshake(ourType string, accepts []string) error {
	g := make([]byte, greetingSize)
	if _, err := io.ReadFull(p.rd.r, g[:signatureSize]); err != nil {
		return fmt.Errorf("greeting: %w", unexpected(err))
	}
	if err := checkSignature(g[:signatureSize]); err != nil {
		return err // whatever it is, it is not worth waiting for more of
	}
	if _, err := io.ReadFull(p.rd.r, g[signatureSize:]); err != nil {
		return fmt.Errorf("greeting: %w", unexpected(err))
	}
	if err := checkGreeting(g); err != nil {
		return err
	}
	flags, body, err := p.rd.readFrame(maxCommandSize, maxCommandSize)
	if err != nil {
		return fmt.Errorf("handshake: %w", err)
	}
	cmd, err := parseCommand(body)
	if err != nil || flags&flagCommand == 0 || cmd.name != "READY" {
		return errors.New("handshake: no READY command")
	}
	props, err := parseProperties(cmd.data)
	if err != nil {
		return fmt.Errorf("READY: %w", err)
	}
	p.kind = strings.ToUpper(string(props["socket-type"]))
	if !slices.Contains(accepts, p.kind) {
		return fmt.Errorf("a %s socket cannot talk to %s", ourType, strings.ToUpper(string(props["socket-type"])))
	}
	p.identity = props["identity"]
	return nil
}

// readMessage reads the next message, handling the commands before it:
// PING is answered, SUBSCRIBE and CANCEL (ZMTP 3.1) come back as the
// messages that stand for them in ZMTP 3.0 (a first byte of 1 or 0 before
// the topic).
func (p *peer) readMessage() ([][]byte, error) {
	var frames [][]byte
	left := MaxMessageSize
	for {
		flags, body, err := p.rd.readFrame(left, maxCommandSize)
		if err != nil {
			return nil, err
		}
		if flags&flagCommand != 0 {
			if len(frames) > 0 {
				return nil, errors.New("command frame inside a message")
			}
			if sub, ok, err := p.command(body); err != nil || ok {
				return sub, err
			}
			continue
		}
		frames = append(frames, body)
		left -= len(body)
		if len(frames) > MaxFrames {
			return nil, fmt.Errorf("message of more than %d frames: %w", MaxFrames, ErrTooLarge)
		}
		if flags&flagMore == 0 {
			return frames, nil
		}
	}
}

// command handles a command frame between messages. It returns a message
// standing for a subscription change, if it was one.
func (p *peer) command(body []byte) ([][]byte, bool, error) {
	cmd, err := parseCommand(body)
	if err != nil {
		return nil, false, err
	}
	switch cmd.name {
	case "PING":
		// TTL (2 bytes), then a context of up to 16 bytes to echo.
		if len(cmd.data) < 2 || len(cmd.data) > 18 {
			return nil, false, errors.New("malformed PING")
		}
		p.enqueueRaw(commandFrame("PONG", cmd.data[2:]))
	case "SUBSCRIBE":
		return [][]byte{append([]byte{1}, cmd.data...)}, true, nil
	case "CANCEL":
		return [][]byte{append([]byte{0}, cmd.data...)}, true, nil
	case "ERROR":
		return nil, false, fmt.Errorf("peer reported an error: %q", cmd.data)
	case "READY":
		return nil, false, errors.New("second READY")
	}
	// The spec lets a peer ignore commands it does not know (PONG among
	// them).
	return nil, false, nil
}

// enqueue queues an encoded message unless the peer is at its high-water
// mark or byte limit; it reports whether the message was queued.
func (p *peer) enqueue(msg []byte) bool {
	p.mu.Lock()
	if p.count >= p.hwm || (p.count > 0 && p.bytes+len(msg) > maxQueueBytes) {
		p.mu.Unlock()
		return false
	}
	if p.count > 0 || p.writing || p.direct == nil {
		p.push(msg)
		p.mu.Unlock()
		p.signal()
		return true
	}
	// Nothing is waiting or being written: write what the socket takes
	// now, without waiting, and spare the hand-off to the writer. What
	// it does not take goes first in the queue.
	p.writing = true
	p.mu.Unlock()
	n := p.direct.writeNow(msg)
	p.mu.Lock()
	p.writing = false
	if n < len(msg) {
		p.queue = slices.Insert(p.queue, 0, msg[n:])
		p.count++
		p.bytes += len(msg) - n
	}
	pending := p.count > 0
	p.mu.Unlock()
	if pending {
		p.signal()
	}
	return true
}

// enqueueRaw queues bytes already encoded (a command), past the limits.
func (p *peer) enqueueRaw(b []byte) {
	p.mu.Lock()
	p.push(b)
	p.mu.Unlock()
	p.signal()
}

func (p *peer) push(b []byte) {
	p.queue = append(p.queue, b)
	p.count++
	p.bytes += len(b)
}

func (p *peer) signal() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// pending is the number of messages queued or being written.
func (p *peer) pending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.count
}

// writeLoop writes what is queued, as many messages per system call as are
// waiting, until the connection closes.
func (p *peer) writeLoop() {
	defer p.close()
	w := bufio.NewWriterSize(p.io, 32<<10)
	var batch [][]byte
	for {
		select {
		case <-p.wake:
		case <-p.done:
			return
		}
		for {
			p.mu.Lock()
			if p.writing {
				// A sender is writing; it wakes us when it is done.
				p.mu.Unlock()
				break
			}
			batch, p.queue = p.queue, batch[:0]
			p.writing = len(batch) > 0
			p.mu.Unlock()
			if len(batch) == 0 {
				break
			}
			size := 0
			for i, b := range batch {
				if _, err := w.Write(b); err != nil {
					return
				}
				size += len(b)
				batch[i] = nil
			}
			if err := w.Flush(); err != nil {
				return
			}
			p.mu.Lock()
			p.count -= len(batch)
			p.bytes -= size
			p.writing = false
			p.mu.Unlock()
		}
	}
}
