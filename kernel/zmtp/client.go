package zmtp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"
)

// Dealer is a DEALER socket connected to one peer, a ROUTER (or REP):
// what a Jupyter client, or a proxy kernel, uses toward a kernel's shell,
// control and stdin sockets.
type Dealer struct {
	client
}

// NewDealer makes a DEALER socket that introduces itself with identity
// (none when empty, and the ROUTER makes one up); call Dial to connect it.
func NewDealer(opts Options, identity []byte) *Dealer {
	d := &Dealer{}
	d.init("DEALER", []string{"ROUTER", "REP"}, opts)
	d.identity = identity
	return d
}

// Sub is a SUB socket connected to one PUB (or XPUB), subscribed to a
// fixed set of topic prefixes.
type Sub struct {
	client
}

// NewSub makes a SUB socket subscribed to each of topics (an empty topic
// takes everything); call Dial to connect it.
func NewSub(opts Options, topics ...[]byte) *Sub {
	s := &Sub{}
	s.init("SUB", []string{"PUB", "XPUB"}, opts)
	s.topics = topics
	return s
}

// client is what DEALER and SUB share: one connection, made by Dial.
//
// Recv reads the connection itself, through the same bounded, buffered
// frame reader as the listening sockets, on the caller's goroutine: a
// message goes from the socket to the caller with no goroutine between
// them. Send writes at once when nothing is queued (see peer.enqueue),
// else queues for the connection's writer.
//
// The connection is not remade once it is lost: Recv then returns the
// error, after every message that arrived before it. A proxy kernel's
// child does not come back on the same ports (the proxy exits with it, and
// the frontend restarts both), so there is nothing to reconnect to.
type client struct {
	kind     string
	accepts  []string
	identity []byte
	topics   [][]byte
	hwm      int

	mu   sync.Mutex
	p    *peer
	done chan struct{}
	once sync.Once
}

func (c *client) init(kind string, accepts []string, opts Options) {
	c.kind, c.accepts = kind, accepts
	c.hwm = opts.HighWaterMark
	if c.hwm <= 0 {
		c.hwm = defaultHighWaterMark
	}
	c.done = make(chan struct{})
}

// errNotConnected is returned by Send and Recv before Dial has succeeded.
var errNotConnected = errors.New("zmtp: socket not connected")

// Dial connects to endpoint (tcp://HOST:PORT or ipc://PATH) and completes
// the handshake, trying again every retry while the peer is not there yet
// (a kernel binds its sockets only once it has started), until it
// succeeds, ctx ends or the socket is closed. A socket connects once.
func (c *client) Dial(ctx context.Context, endpoint string, retry time.Duration) error {
	network, address, ok := strings.Cut(endpoint, "://")
	switch {
	case ok && network == "tcp":
	case ok && network == "ipc":
		network = "unix"
	default:
		return fmt.Errorf("zmtp: endpoint %q: want tcp://HOST:PORT or ipc://PATH", endpoint)
	}
	var d net.Dialer
	for {
		p, err := c.connect(ctx, &d, network, address)
		if err == nil {
			return c.start(p)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("zmtp: connect %s %s: %w", c.kind, endpoint, err)
		case <-c.done:
			return ErrClosed
		case <-time.After(retry):
		}
	}
}

// connect makes one connection and its handshake.
func (c *client) connect(ctx context.Context, d *net.Dialer, network, address string) (*peer, error) {
	conn, err := d.DialContext(ctx, network, address)
	if err != nil {
		return nil, err
	}
	p := newPeer(conn, c.hwm)
	if err := p.handshake(c.kind, c.identity, c.accepts); err != nil {
		p.close()
		return nil, err
	}
	return p, nil
}

// start makes p the socket's connection, starts its writer and sends the
// subscriptions, as ZMTP 3.0 messages (a 1 byte, then the topic), which
// every PUB and XPUB since libzmq 3 reads.
func (c *client) start(p *peer) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed() || c.p != nil {
		p.close()
		if c.p != nil {
			return errors.New("zmtp: socket already connected")
		}
		return ErrClosed
	}
	c.p = p
	go p.writeLoop()
	for _, t := range c.topics {
		p.enqueueRaw(encodeMessage([][]byte{append([]byte{1}, t...)}))
	}
	return nil
}

func (c *client) peer() *peer {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.p
}

// Send sends a message to the peer. A message that finds the peer's queue
// full (it has stopped reading) is refused with an error.
func (c *client) Send(frames [][]byte) error {
	if c.closed() {
		return ErrClosed
	}
	p := c.peer()
	if p == nil {
		return errNotConnected
	}
	select {
	case <-p.done:
		return fmt.Errorf("zmtp: %s connection closed", c.kind)
	default:
	}
	if !p.enqueue(encodeMessage(frames)) {
		return fmt.Errorf("zmtp: %s send queue full (%d messages): message dropped", c.kind, c.hwm)
	}
	return nil
}

// Recv returns the next message from the peer. One goroutine at a time
// may call it. Once the connection ends it returns the error that ended
// it (ErrClosed after Close).
func (c *client) Recv() ([][]byte, error) {
	p := c.peer()
	if p == nil {
		if c.closed() {
			return nil, ErrClosed
		}
		return nil, errNotConnected
	}
	frames, err := p.readMessage()
	if err != nil {
		p.close()
		if c.closed() {
			return nil, ErrClosed
		}
		return nil, err
	}
	return frames, nil
}

// Close closes the connection; a Recv waiting on it returns ErrClosed.
func (c *client) Close() error {
	c.once.Do(func() {
		close(c.done)
		if p := c.peer(); p != nil {
			p.close()
		}
	})
	return nil
}

func (c *client) closed() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}
