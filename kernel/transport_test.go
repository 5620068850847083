package kernel

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// Regression tests for issue 8 items 1, 2 and 13: what hostile or stalled
// peers do to the frontend sockets, through real TCP and a real ZeroMQ
// client. The ZMTP bytes here are written from the spec
// (rfc.zeromq.org/spec/23), not by the code under test.

// zmtpHello is a ZMTP 3.0 greeting with the NULL mechanism followed by a
// READY command naming socketType.
func zmtpHello(socketType string) []byte {
	g := make([]byte, 64)
	g[0], g[9], g[10] = 0xff, 0x7f, 3
	copy(g[12:], "NULL")
	body := append([]byte{5}, "READY"...)
	body = append(body, byte(len("Socket-Type")))
	body = append(body, "Socket-Type"...)
	body = binary.BigEndian.AppendUint32(body, uint32(len(socketType)))
	body = append(body, socketType...)
	return append(append(g, 0x04, byte(len(body))), body...)
}

// zmtpLongHeader is the header of a long frame (flags 0x02) announcing
// size bytes, with extra flags.
func zmtpLongHeader(flags byte, size uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{0x02 | flags}, size)
}

// frontendPorts names the kernel's five ports with the socket type a
// client uses on each.
func frontendPorts(info ConnectionInfo) map[string]struct {
	port   int
	client string
} {
	type p = struct {
		port   int
		client string
	}
	return map[string]p{
		"shell": {info.ShellPort, "DEALER"}, "control": {info.ControlPort, "DEALER"},
		"stdin": {info.StdinPort, "DEALER"}, "iopub": {info.IOPubPort, "SUB"}, "hb": {info.HBPort, "REQ"},
	}
}

// alive checks that the kernel still answers a kernel_info_request from a
// real ZeroMQ client, and its heartbeat.
func alive(t *testing.T, k *running) {
	t.Helper()
	c := connect(t, k.cfg.Connection)
	id := c.send("shell", "kernel_info_request", map[string]any{}, nil)
	if reply := c.next("shell", id, 30*time.Second); typeOf(reply) != "kernel_info_reply" {
		t.Fatalf("got %s, want kernel_info_reply", typeOf(reply))
	}
	hb, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", k.cfg.Connection.HBPort))
	if err != nil {
		t.Fatal(err)
	}
	defer hb.Close()
	// A REQ sends an empty delimiter frame, then the ping.
	hb.Write(append(zmtpHello("REQ"), 0x01, 0, 0x00, 4, 'p', 'i', 'n', 'g'))
	hb.SetReadDeadline(time.Now().Add(30 * time.Second))
	var all []byte
	for buf := make([]byte, 4096); !bytes.Contains(all, []byte{0x01, 0, 0x00, 4, 'p', 'i', 'n', 'g'}); {
		n, err := hb.Read(buf)
		all = append(all, buf[:n]...)
		if err != nil {
			t.Fatalf("heartbeat did not echo the ping: read %q, %v", all, err)
		}
	}
}

// Issue 8, item 1: a frame length announced by an unauthenticated peer
// (64 GiB, 2^62) used to be allocated as is, and the kernel died on any of
// its five ports. It must close that connection and go on.
func TestAnnouncedFrameSizesDoNotKillTheKernel(t *testing.T) {
	k := startKernel(t, ModeOff)
	alive(t, k) // up and listening
	sizes := map[string]uint64{"64 GiB": 64 << 30, "2^62": 1 << 62}
	for name, port := range frontendPorts(k.cfg.Connection) {
		for sizeName, size := range sizes {
			for _, attack := range []struct {
				name  string
				bytes []byte
			}{
				// In the handshake, as the READY command's length...
				{"command", append(zmtpHello(port.client)[:64], zmtpLongHeader(0x04, size)...)},
				// ...and after it, as a message frame's.
				{"message", append(zmtpHello(port.client), zmtpLongHeader(0, size)...)},
			} {
				conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port.port))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				conn.Write(attack.bytes)
				// The kernel closes the connection; whatever it wrote
				// before (its greeting) is read up to the close.
				conn.SetReadDeadline(time.Now().Add(10 * time.Second))
				if _, err := io.Copy(io.Discard, conn); err != nil {
					t.Errorf("%s, %s frame of %s: connection not closed: %v", name, attack.name, sizeName, err)
				}
				conn.Close()
			}
		}
	}
	alive(t, k)
}

// rawSubscriber connects to IOPub over raw TCP with the smallest receive
// buffer, subscribes to everything, and returns a reader past the
// kernel's greeting and READY.
func rawSubscriber(t *testing.T, info ConnectionInfo) (net.Conn, *bufio.Reader) {
	t.Helper()
	conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", info.IOPubPort))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.(*net.TCPConn).SetReadBuffer(1)
	// A subscription is a one-frame message: 0x01 and the topic prefix.
	conn.Write(append(zmtpHello("SUB"), 0x00, 1, 0x01))
	r := bufio.NewReaderSize(conn, 1)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	greeting := make([]byte, 64)
	if _, err := io.ReadFull(r, greeting); err != nil {
		t.Fatal(err)
	}
	flags, _ := r.ReadByte()
	size := 0
	if flags&0x02 != 0 {
		var b [8]byte
		io.ReadFull(r, b[:])
		size = int(binary.BigEndian.Uint64(b[:]))
	} else {
		b, _ := r.ReadByte()
		size = int(b)
	}
	if _, err := io.CopyN(io.Discard, r, int64(size)); err != nil || flags&0x04 == 0 {
		t.Fatalf("no READY from the kernel's iopub (flags %#x): %v", flags, err)
	}
	conn.SetReadDeadline(time.Time{})
	return conn, r
}

// Issue 8, item 2: zmq4's PUB wrote to one subscriber after another, so a
// subscriber that stopped reading held every frontend's output, idle
// included. A cell with a lot of output must reach a live client in full
// while another subscriber never reads.
func TestStalledIOPubSubscriberDoesNotHoldUpALiveClient(t *testing.T) {
	k := startKernel(t, ModeOff)
	c := connect(t, k.cfg.Connection)
	c.untilIdle(c.send("shell", "kernel_info_request", map[string]any{}, nil), 30*time.Second) // up and listening
	conn, stalled := rawSubscriber(t, k.cfg.Connection)
	// Run cells until the raw subscriber gets something: then its
	// subscription is in place, and from here on it never reads.
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	got := make(chan error, 1)
	go func() { _, err := stalled.ReadByte(); got <- err }()
	for subscribed := false; !subscribed; {
		c.untilIdle(c.execute("pass"), 30*time.Second)
		select {
		case err := <-got:
			if err != nil {
				t.Fatalf("raw subscriber: %v", err)
			}
			subscribed = true
		case <-time.After(100 * time.Millisecond):
		}
	}

	const lines = 20000
	id := c.execute(fmt.Sprintf("for i in range(%d):\n    print(i, 'x' * 200, flush=True)\n", lines))
	text := strings.Builder{}
	for _, m := range c.untilIdle(id, 60*time.Second) {
		if typeOf(m) == "stream" {
			text.WriteString(content(t, m)["text"].(string))
		}
	}
	if n := strings.Count(text.String(), "\n"); n != lines {
		t.Fatalf("live client got %d of %d lines", n, lines)
	}
}

// lineCounter counts the lines written to it.
type lineCounter struct {
	mu    sync.Mutex
	lines []string
}

func (l *lineCounter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for s := range strings.Lines(string(p)) {
		l.lines = append(l.lines, s)
	}
	return len(p), nil
}

// Issue 8, item 13: zmq4 printed one stderr line per failed handshake.
// 200 garbage connections must give a few lines at most, in the kernel's
// log or on stderr.
func TestGarbageConnectionsLogAFewLines(t *testing.T) {
	// zmq4 wrote to the os.Stderr of the moment it made a socket.
	stderr := os.Stderr
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	os.Stderr = w
	defer func() { os.Stderr = stderr }()
	var stderrLines lineCounter
	copied := make(chan struct{})
	go func() {
		io.Copy(&stderrLines, r)
		close(copied)
	}()

	var kernelLog lineCounter
	k := startKernelWith(t, ModeOff, func(cfg *Config) {
		cfg.Log = log.New(io.MultiWriter(&kernelLog, testWriter{t, ""}), "kernel: ", 0)
	})
	alive(t, k) // the kernel is up, and a well-behaved client logs nothing
	// The kernel may be logging already.
	kernelLog.mu.Lock()
	before := len(kernelLog.lines)
	kernelLog.mu.Unlock()
	var ports []int
	for _, p := range frontendPorts(k.cfg.Connection) {
		ports = append(ports, p.port)
	}
	garbage := [][]byte{
		[]byte("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"),
		bytes.Repeat([]byte{0xff}, 100),
		append(zmtpHello("PAIR")[:64], 0x04, 3, 2, 'N', 'O'),
	}
	for i := range 200 {
		conn, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", ports[i%len(ports)]))
		if err != nil {
			t.Fatal(err)
		}
		conn.Write(garbage[i%len(garbage)])
		// Read what the kernel writes until it hangs up, but do not wait
		// long: a ZMTP stack may wait for the rest of a greeting.
		conn.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		io.Copy(io.Discard, conn)
		conn.Close()
	}
	alive(t, k)
	os.Stderr = stderr
	w.Close()
	<-copied

	kernelLog.mu.Lock()
	lines := append(kernelLog.lines[before:], stderrLines.lines...)
	kernelLog.mu.Unlock()
	if len(lines) > 3 {
		t.Fatalf("200 garbage connections gave %d log lines, the first:\n%s", len(lines), strings.Join(lines[:min(5, len(lines))], ""))
	}
	if len(lines) == 0 {
		t.Errorf("200 garbage connections left no trace in the log")
	}
}
