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

// sysIO is newConnIO(conn), skipping the test where there is none.
func sysIO(t *testing.T, conn net.Conn) *connIO {
	t.Helper()
	c := newConnIO(conn)
	if c == nil {
		if haveSysIO {
			t.Fatalf("no connIO for a %T", conn)
		}
		t.Skip("no raw system calls on this platform")
	}
	return c
}

// A connection's reads and writes through its file descriptor carry the
// bytes in order, also when a write is far larger than
// the socket buffers and has to wait for the reader (the EAGAIN path), and
// end with io.EOF when the peer closes.
func TestConnIOCarriesBytes(t *testing.T) {
	a, b := tcpPair(t)
	wa, rb := sysIO(t, a), sysIO(t, b)
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
	r := sysIO(t, a)
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
	a, b := tcpPair(t)
	c := sysIO(t, a)
	if n := c.writeNow([]byte("hello")); n != 5 {
		t.Fatalf("writeNow wrote %d bytes, want 5", n)
	}
	buf := make([]byte, 5)
	if _, err := io.ReadFull(b, buf); err != nil || string(buf) != "hello" {
		t.Fatalf("read %q, %v", buf, err)
	}
	// Nobody reads b: a write far over the socket buffers stops short
	// instead of waiting.
	big := make([]byte, 64<<20)
	if n := c.writeNow(big); n <= 0 || n >= len(big) {
		t.Fatalf("writeNow of %d bytes to a peer that does not read wrote %d", len(big), n)
	}
}

// Reads and writes through connIO allocate nothing: they run for every
// message the kernel forwards.
func TestConnIOAllocatesNothing(t *testing.T) {
	a, b := tcpPair(t)
	w, r := sysIO(t, a), sysIO(t, b)
	msg, buf := []byte("a message of some bytes"), make([]byte, 64)
	allocs := testing.AllocsPerRun(200, func() {
		if n := w.writeNow(msg); n != len(msg) {
			t.Fatalf("writeNow wrote %d of %d bytes", n, len(msg))
		}
		if _, err := w.Write(msg); err != nil {
			t.Fatal(err)
		}
		for got := 0; got < 2*len(msg); {
			n, err := r.Read(buf)
			if err != nil {
				t.Fatal(err)
			}
			got += n
		}
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per write, write and reads, want 0", allocs)
	}
}
