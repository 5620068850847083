package zmtp

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"testing"
	"time"
)

// tcpPair returns both ends of a loopback TCP connection.
func tcpPair(t *testing.T) (net.Conn, net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, _ := ln.Accept()
		accepted <- c
	}()
	dialed, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c := <-accepted
	if c == nil {
		t.Fatal("accept failed")
	}
	t.Cleanup(func() { dialed.Close(); c.Close() })
	return dialed, c
}

// A connection's reads and writes through its file descriptor carry the
// bytes in order, also when a write is far larger than
// the socket buffers and has to wait for the reader (the EAGAIN path), and
// end with io.EOF when the peer closes.
func TestConnIOCarriesBytes(t *testing.T) {
	a, b := tcpPair(t)
	wa, rb := newConnIO(a), newConnIO(b)
	if haveSysIO {
		if _, ok := wa.(connIO); !ok {
			t.Fatalf("newConnIO(TCP) = %T, want connIO", wa)
		}
	}
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<18) // 4 MiB
	done := make(chan error, 1)
	go func() {
		n, err := wa.Write(big)
		if err == nil && n != len(big) {
			err = io.ErrShortWrite
		}
		done <- err
		a.Close()
	}()
	got, err := io.ReadAll(rb)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("write: %v", err)
	}
	if !bytes.Equal(got, big) {
		t.Fatalf("read %d bytes, not the %d written", len(got), len(big))
	}
}

// A read waiting on connIO ends with the connection's deadline, and with
// net.ErrClosed when the connection is closed under it.
func TestConnIODeadlineAndClose(t *testing.T) {
	a, _ := tcpPair(t)
	r := newConnIO(a)
	a.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
	if _, err := r.Read(make([]byte, 8)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("read past the deadline: %v, want os.ErrDeadlineExceeded", err)
	}
	a.SetReadDeadline(time.Time{})
	result := make(chan error, 1)
	go func() {
		_, err := r.Read(make([]byte, 8))
		result <- err
	}()
	// The read is waiting or about to: closing must end it either way.
	a.Close()
	if err := <-result; !errors.Is(err, net.ErrClosed) {
		t.Fatalf("read on a closed connection: %v, want net.ErrClosed", err)
	}
}

// writeNow writes what the socket takes without waiting: all of a small
// message, and never more than the message.
func TestWriteNow(t *testing.T) {
	if !haveSysIO {
		t.Skip("no raw writes on this platform")
	}
	a, b := tcpPair(t)
	raw := newConnIO(a).(connIO).raw
	if n := writeNow(raw, []byte("hello")); n != 5 {
		t.Fatalf("writeNow wrote %d bytes, want 5", n)
	}
	buf := make([]byte, 5)
	if _, err := io.ReadFull(b, buf); err != nil || string(buf) != "hello" {
		t.Fatalf("read %q, %v", buf, err)
	}
	// Nobody reads b: a write far over the socket buffers stops short
	// instead of waiting.
	big := make([]byte, 64<<20)
	if n := writeNow(raw, big); n <= 0 || n >= len(big) {
		t.Fatalf("writeNow of %d bytes to a peer that does not read wrote %d", len(big), n)
	}
}
