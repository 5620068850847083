package zmtp

import (
	"bufio"
	"bytes"
	"runtime"
	"testing"
)

// FuzzFrameReader feeds arbitrary bytes to what reads a peer's stream: the
// greeting check, the READY command, then messages until the stream ends or
// is refused. Nothing may panic, and the memory allocated must stay within
// a small multiple of the input plus one read-ahead chunk, whatever sizes
// the input announces.
func FuzzFrameReader(f *testing.F) {
	hello := append(greeting(), readyCommand("DEALER", nil)...)
	seed := func(parts ...[]byte) []byte { return bytes.Join(append([][]byte{hello}, parts...), nil) }
	// The crashing inputs of issue 8: 64 GiB and 2^62 announced.
	f.Add(seed(longFrameHeader(0, 64<<30)))
	f.Add(seed(longFrameHeader(0, 1<<62)))
	f.Add(seed(longFrameHeader(flagCommand, 64<<30)))
	f.Add(seed(longFrameHeader(0, MaxMessageSize+1)))
	f.Add(seed(longFrameHeader(0, bodyChunk+10), []byte("short")))
	// Ordinary traffic: a multipart message, a PING, a SUBSCRIBE.
	f.Add(seed(encodeMessage(frames("id", "<IDS|MSG>", "sig", "{}", "{}", "{}", "{}"))))
	f.Add(seed(commandFrame("PING", []byte{0, 10, 'c', 't', 'x'}), commandFrame("SUBSCRIBE", []byte("kernel."))))
	f.Add(seed([]byte{flagMore, 0, flagMore, 0, 0, 0}))
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		readStream(data)
		runtime.ReadMemStats(&after)
		// Empty frames cost a slice header (24 bytes) for two bytes of
		// input, and a growing slice copies itself: 32 bytes per input
		// byte covers it. One frame may be allocated ahead of its bytes,
		// up to a chunk; then the reader's buffer and a margin.
		limit := 32*uint64(len(data)) + 2*bodyChunk + 256<<10
		if got := after.TotalAlloc - before.TotalAlloc; got > limit {
			t.Fatalf("%d bytes of input allocated %d bytes (limit %d)", len(data), got, limit)
		}
	})
}

// readStream reads data as a connection's handshake and messages, the way
// a socket serves a peer.
func readStream(data []byte) {
	p := &peer{
		rd:   frameReader{bufio.NewReaderSize(bytes.NewReader(data), 64<<10)},
		hwm:  defaultHighWaterMark,
		wake: make(chan struct{}, 1),
	}
	if p.readHandshake("ROUTER", []string{"DEALER"}) != nil {
		return
	}
	for {
		if _, err := p.readMessage(); err != nil {
			return
		}
	}
}
