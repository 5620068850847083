// Package zmtp serves ZeroMQ sockets that peers connect to: ROUTER, PUB
// and REP over ZMTP 3.x (rfc.zeromq.org/spec/23) with the NULL mechanism,
// on tcp:// and ipc:// endpoints. It is what a Jupyter kernel binds. It
// also has the sockets that connect to one such peer, DEALER and SUB, which
// a proxy kernel uses toward the kernel behind it (client.go).
//
// It exists because the kernel's listening sockets face any local process,
// authenticated or not, and go-zeromq/zmq4 v0.17 trusts its peers: it
// allocates whatever frame length a peer announces (64 GiB, 2^62 bytes:
// the process dies), its PUB writes to one subscriber after another so one
// that stops reading stalls all the others, and it logs every failed
// handshake. Here, every frame and message is checked against a limit
// before anything is allocated for it, and the body is read in chunks as it
// arrives; every peer has its own send queue and writer, so a slow or
// stalled peer fills its own queue up to the high-water mark and then
// loses its own messages, as libzmq's PUB does, while the others go on;
// and rejected connections are logged through a caller's (rate-limited)
// logger.
//
// Frames are read through a buffered reader; on Linux, reads and writes
// are raw system calls on the non-blocking socket (connio.go says why). A
// message for a peer with nothing queued is written at once by the sender,
// without waiting for the socket; otherwise the peer's writer sends what is
// queued in batches, one system call for as many messages as are waiting.
package zmtp

import "time"

const (
	// MaxMessageSize bounds one incoming message, all frames together.
	// Frontends send Jupyter requests: JSON plus, for comm messages,
	// binary buffers (widget data, uploaded files). 256 MiB is far above
	// any of those and above the largest message a browser frontend can
	// build in practice, and it caps what one connection can make the
	// kernel allocate. A message over it ends that connection.
	MaxMessageSize = 256 << 20
	// MaxFrames bounds the frames of one incoming message. Each frame
	// costs a slice header beside its bytes, so a message of empty frames
	// would cost 12 times its size on the wire; Jupyter messages have
	// seven frames plus routing identities and buffers.
	MaxFrames = 1 << 16
	// maxCommandSize bounds a command frame (READY with its metadata,
	// PING, SUBSCRIBE): they carry names and short values.
	maxCommandSize = 64 << 10
	// maxQueueBytes bounds the bytes queued for one peer besides the
	// message count (the high-water mark): a peer that stops reading
	// while large outputs go out holds at most this much. It is twice
	// MaxMessageSize so that a message of any size passes while the queue
	// is not far behind.
	maxQueueBytes = 2 * MaxMessageSize
	// handshakeTimeout bounds the greeting and READY exchange: a
	// connection that has not completed it by then is closed.
	handshakeTimeout = 10 * time.Second
	// defaultHighWaterMark is libzmq's default, in messages per peer.
	defaultHighWaterMark = 1000
)

// Logger receives one line for each connection the socket rejects or
// drops for a protocol error.
type Logger interface {
	Printf(format string, args ...any)
}

// Options configure a socket.
type Options struct {
	// HighWaterMark bounds the messages queued for one peer; past it, the
	// messages for that peer are dropped. Zero means 1000, as in libzmq.
	HighWaterMark int
	// Log receives rejected connections; nil discards them.
	Log Logger
}
