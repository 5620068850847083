package zmtp

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ErrClosed is returned by the methods of a closed socket.
var ErrClosed = errors.New("zmtp: socket closed")

// socket is what ROUTER, PUB and REP share: a listener, the connected
// peers and what to do with each message a peer sends.
type socket struct {
	kind    string   // our socket type, as READY names it
	accepts []string // peer socket types we talk to
	hwm     int
	log     Logger
	// join admits a peer after its handshake (false: close it); leave
	// forgets it; handle takes each message it sends. They run on the
	// peer's reading goroutine.
	join   func(*peer) bool
	leave  func(*peer)
	handle func(*peer, [][]byte)

	ln   net.Listener
	done chan struct{}
	once sync.Once

	mu    sync.RWMutex
	peers map[*peer]struct{}
}

func (s *socket) init(kind string, accepts []string, opts Options) {
	s.kind, s.accepts = kind, accepts
	s.hwm = opts.HighWaterMark
	if s.hwm <= 0 {
		s.hwm = defaultHighWaterMark
	}
	s.log = opts.Log
	s.done = make(chan struct{})
	s.peers = map[*peer]struct{}{}
	s.join = func(*peer) bool { return true }
	s.leave = func(*peer) {}
}

// Listen binds the socket to a ZeroMQ endpoint, tcp://HOST:PORT (port 0
// picks a free one; host * means all interfaces) or ipc://PATH, and
// accepts connections until the socket is closed.
func (s *socket) Listen(endpoint string) error {
	network, address, ok := strings.Cut(endpoint, "://")
	switch {
	case ok && network == "tcp":
		address = strings.Replace(address, "*", "", 1)
	case ok && network == "ipc":
		network = "unix"
		removeStaleSocket(address)
	default:
		return fmt.Errorf("zmtp: endpoint %q: want tcp://HOST:PORT or ipc://PATH", endpoint)
	}
	ln, err := net.Listen(network, address)
	if err != nil {
		return fmt.Errorf("zmtp: %w", err)
	}
	s.ln = ln
	go s.accept()
	return nil
}

// removeStaleSocket removes a Unix socket left by an earlier process at
// path, as libzmq does before binding an ipc endpoint.
func removeStaleSocket(path string) {
	if fi, err := os.Lstat(path); err == nil && fi.Mode()&os.ModeSocket != 0 {
		os.Remove(path)
	}
}

// Addr is the address the socket listens on.
func (s *socket) Addr() net.Addr {
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

func (s *socket) accept() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			select {
			case <-s.done:
				return
			default:
			}
			// Out of file descriptors, most likely: wait, as net/http does.
			time.Sleep(10 * time.Millisecond)
			continue
		}
		go s.serve(conn)
	}
}

// serve runs one connection: the handshake, then its messages until it
// ends.
func (s *socket) serve(conn net.Conn) {
	p := newPeer(conn, s.hwm)
	defer p.close()
	if err := p.handshake(s.kind, nil, s.accepts); err != nil {
		s.logf("zmtp %s: connection from %s refused: %v", s.kind, conn.RemoteAddr(), err)
		return
	}
	if !s.add(p) {
		return
	}
	defer s.remove(p)
	go p.writeLoop()
	for {
		frames, err := p.readMessage()
		if err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) && !isReset(err) {
				s.logf("zmtp %s: connection from %s closed: %v", s.kind, conn.RemoteAddr(), err)
			}
			return
		}
		s.handle(p, frames)
	}
}

func isReset(err error) bool { return errors.Is(err, syscall.ECONNRESET) }

func (s *socket) logf(format string, args ...any) {
	if s.log == nil || s.closed() {
		return // closing: the peers' errors are ours
	}
	s.log.Printf(format, args...)
}

func (s *socket) add(p *peer) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed() || !s.join(p) {
		return false
	}
	s.peers[p] = struct{}{}
	return true
}

func (s *socket) remove(p *peer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.peers[p]; ok {
		delete(s.peers, p)
		s.leave(p)
	}
}

// Flush waits until every peer's queue is written out, or until timeout.
// It reports whether the queues are empty.
func (s *socket) Flush(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		s.mu.RLock()
		waiting := 0
		for p := range s.peers {
			waiting += p.pending()
		}
		s.mu.RUnlock()
		if waiting == 0 {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// Close stops listening and closes every connection.
func (s *socket) Close() error {
	s.once.Do(func() {
		close(s.done)
		if s.ln != nil {
			s.ln.Close()
		}
		s.mu.Lock()
		for p := range s.peers {
			p.close()
		}
		s.mu.Unlock()
	})
	return nil
}

func (s *socket) closed() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// Router is a ROUTER socket: each message it receives starts with the
// identity of the peer that sent it, and each message it sends goes to the
// peer its first frame names.
type Router struct {
	socket
	inbox  chan [][]byte    // for Recv; nil when messages go to a handler
	byID   map[string]*peer // guarded by socket.mu
	nextID uint32
	// serial makes a handler's calls one at a time across connections.
	serial sync.Mutex
}

// NewRouter makes a ROUTER socket whose messages are read with Recv; call
// Listen to bind it.
func NewRouter(opts Options) *Router {
	r := newRouter(opts)
	r.inbox = make(chan [][]byte, 64)
	r.handle = func(p *peer, frames [][]byte) {
		select {
		case r.inbox <- withIdentity(p, frames):
		case <-r.done:
		}
	}
	return r
}

// NewRouterFunc makes a ROUTER socket that passes each message, the
// sender's identity first, to handle, on the goroutine that read it from
// the connection: no hand-off to another goroutine on the way, which is a
// scheduling round trip per message. The calls are made one at a time,
// whichever connection the messages come from, in the order each
// connection sent them; while handle runs, the connections are not read
// (TCP holds what they send). Call Listen to bind it; Recv is not used.
func NewRouterFunc(opts Options, handle func([][]byte)) *Router {
	r := newRouter(opts)
	r.handle = func(p *peer, frames [][]byte) {
		msg := withIdentity(p, frames)
		r.serial.Lock()
		defer r.serial.Unlock()
		handle(msg)
	}
	return r
}

func newRouter(opts Options) *Router {
	r := &Router{byID: map[string]*peer{}}
	r.init("ROUTER", []string{"DEALER", "REQ", "ROUTER"}, opts)
	r.join = r.register
	r.leave = r.unregister
	return r
}

// withIdentity is a message as a ROUTER passes it on: the identity of the
// peer that sent it, then its frames.
func withIdentity(p *peer, frames [][]byte) [][]byte {
	msg := make([][]byte, 0, len(frames)+1)
	return append(append(msg, p.identity), frames...)
}

// register gives a peer its routing identity: the one it asked for, or a
// generated one (a zero byte and a counter, as libzmq makes them). A peer
// asking for an identity already in use takes it over and the older
// connection is closed (libzmq's ROUTER_HANDOVER): a frontend that
// reconnects must not lose its replies to a connection that is gone.
func (r *Router) register(p *peer) bool {
	if len(p.identity) == 0 {
		r.nextID++
		p.identity = []byte{0, byte(r.nextID >> 24), byte(r.nextID >> 16), byte(r.nextID >> 8), byte(r.nextID)}
	}
	if old, ok := r.byID[string(p.identity)]; ok {
		delete(r.peers, old)
		old.close()
	}
	r.byID[string(p.identity)] = p
	return true
}

func (r *Router) unregister(p *peer) {
	if r.byID[string(p.identity)] == p {
		delete(r.byID, string(p.identity))
	}
}

// errHandled is Recv's error on a Router made by NewRouterFunc.
var errHandled = errors.New("zmtp: this ROUTER passes its messages to a handler")

// Recv returns the next message, the sender's identity first.
func (r *Router) Recv() ([][]byte, error) {
	if r.inbox == nil {
		return nil, errHandled
	}
	select {
	case msg := <-r.inbox:
		return msg, nil
	case <-r.done:
		return nil, ErrClosed
	}
}

// Send sends frames[1:] to the peer whose identity is frames[0]. A message
// for a peer that is not connected, or whose queue is full, is dropped, as
// libzmq's ROUTER does.
func (r *Router) Send(frames [][]byte) error {
	if r.closed() {
		return ErrClosed
	}
	if len(frames) < 2 {
		return errors.New("zmtp: a ROUTER message needs an identity and a body")
	}
	r.mu.RLock()
	p := r.byID[string(frames[0])]
	r.mu.RUnlock()
	if p != nil {
		p.enqueue(encodeMessage(frames[1:]))
	}
	return nil
}

// Pub is a PUB socket: each message goes to every peer subscribed to a
// prefix of its first frame, into that peer's own queue.
type Pub struct {
	socket
}

// NewPub makes a PUB socket; call Listen to bind it.
func NewPub(opts Options) *Pub {
	s := &Pub{}
	s.init("PUB", []string{"SUB", "XSUB"}, opts)
	s.handle = func(p *peer, frames [][]byte) {
		// A subscription change is a one-frame message starting with 1
		// (subscribe) or 0 (cancel); anything else a subscriber sends
		// means nothing to a PUB.
		if len(frames) != 1 || len(frames[0]) == 0 || frames[0][0] > 1 {
			return
		}
		topic := string(frames[0][1:])
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.topics == nil {
			p.topics = map[string]int{}
		}
		if frames[0][0] == 1 {
			p.topics[topic]++
		} else if p.topics[topic] > 1 {
			p.topics[topic]--
		} else {
			delete(p.topics, topic)
		}
	}
	return s
}

// Send publishes a message without waiting for any subscriber.
func (s *Pub) Send(frames [][]byte) error {
	if s.closed() {
		return ErrClosed
	}
	if len(frames) == 0 {
		return nil
	}
	var encoded []byte
	s.mu.RLock()
	defer s.mu.RUnlock()
	for p := range s.peers {
		if !p.subscribed(frames[0]) {
			continue
		}
		if encoded == nil {
			encoded = encodeMessage(frames)
		}
		p.enqueue(encoded)
	}
	return nil
}

// subscribers is the number of peers subscribed to anything.
func (s *Pub) subscribers() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := 0
	for p := range s.peers {
		p.mu.Lock()
		if len(p.topics) > 0 {
			n++
		}
		p.mu.Unlock()
	}
	return n
}

func (p *peer) subscribed(topic []byte) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for t := range p.topics {
		if len(t) <= len(topic) && string(topic[:len(t)]) == t {
			return true
		}
	}
	return false
}

// Rep is a REP socket that answers each request with a function's reply,
// on the requesting connection's own goroutine: a Jupyter heartbeat.
type Rep struct {
	socket
}

// NewRep makes a REP socket that answers with reply; call Listen to bind
// it.
func NewRep(opts Options, reply func(request [][]byte) [][]byte) *Rep {
	s := &Rep{}
	s.init("REP", []string{"REQ", "DEALER"}, opts)
	s.handle = func(p *peer, frames [][]byte) {
		// The envelope runs up to the first empty frame; a request
		// without one is malformed and dropped, as libzmq drops it.
		for i, f := range frames {
			if len(f) == 0 {
				p.enqueue(encodeMessage(append(frames[:i+1:i+1], reply(frames[i+1:])...)))
				return
			}
		}
	}
	return s
}
