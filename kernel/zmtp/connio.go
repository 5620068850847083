package zmtp

import (
	"io"
	"net"
	"os"
	"syscall"
)

// connIO reads and writes a connection through its file descriptor, with
// the system calls of sysio_*.go, waiting on Go's poller only when the
// socket has nothing to read or no room to write. Deadlines and Close work
// as on the net.Conn (RawConn waits honour them).
//
// Why not net.Conn.Read and Write: on Linux those calls tell the scheduler
// they may block, and the first one after the process was idle wakes the
// runtime's monitor thread, which then polls every 20 µs for a while. A
// proxy kernel idles between every message, so that was one extra thread
// woken per message, on the critical path of every request and competing
// for the CPUs with the kernel behind it. Reads and writes of a
// non-blocking socket never block, so they need no such notice.
//
// One goroutine at a time may read, one may Write, and one may writeNow
// (the peer's writing flag keeps Write and writeNow apart); each has its
// own call state, and the functions handed to RawConn are made once, so
// that a call allocates nothing.
type connIO struct {
	raw syscall.RawConn

	rd, wr, now            rawCall
	readFn, writeFn, nowFn func(fd uintptr) bool
}

// rawCall is a read or write in progress: its buffer, and how much of it
// went (done) until what error.
type rawCall struct {
	buf  []byte
	done int
	err  error
}

// newConnIO returns a connIO for conn, or nil where the platform has no
// such system calls or conn no file descriptor.
func newConnIO(conn net.Conn) *connIO {
	if !haveSysIO {
		return nil
	}
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	c := &connIO{raw: raw}
	c.readFn, c.writeFn, c.nowFn = c.readOnce, c.writeAll, c.writeOnce
	return c
}

// Read reads what is there, waiting until something is.
func (c *connIO) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	c.rd = rawCall{buf: b}
	waitErr := c.raw.Read(c.readFn)
	n, err := c.rd.done, c.rd.err
	c.rd = rawCall{}
	switch {
	case waitErr != nil:
		return 0, waitErr
	case err != nil:
		return 0, os.NewSyscallError("read", err)
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

func (c *connIO) readOnce(fd uintptr) bool {
	c.rd.done, c.rd.err = sysRead(fd, c.rd.buf)
	return c.rd.err != syscall.EAGAIN // else wait until readable
}

// Write writes all of b, waiting for room when the socket buffer is full.
func (c *connIO) Write(b []byte) (int, error) {
	c.wr = rawCall{buf: b}
	waitErr := c.raw.Write(c.writeFn)
	n, err := c.wr.done, c.wr.err
	c.wr = rawCall{}
	switch {
	case waitErr != nil:
		return n, waitErr
	case err != nil:
		return n, os.NewSyscallError("write", err)
	}
	return n, nil
}

func (c *connIO) writeAll(fd uintptr) bool {
	for c.wr.done < len(c.wr.buf) {
		n, err := sysWrite(fd, c.wr.buf[c.wr.done:])
		if err == syscall.EAGAIN {
			return false // wait for room
		}
		if err != nil {
			c.wr.err = err
			return true
		}
		c.wr.done += n
	}
	return true
}

// writeNow writes what the socket takes at once and returns how much that
// was; it never waits.
func (c *connIO) writeNow(b []byte) int {
	c.now = rawCall{buf: b}
	c.raw.Write(c.nowFn)
	n := c.now.done
	c.now = rawCall{}
	return n
}

func (c *connIO) writeOnce(fd uintptr) bool {
	if n, _ := sysWrite(fd, c.now.buf); n > 0 {
		c.now.done = n
	}
	return true // done, whether or not it all went
}
