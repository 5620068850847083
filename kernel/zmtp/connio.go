package zmtp

import (
	"errors"
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
type connIO struct {
	raw syscall.RawConn
}

// newConnIO returns the reader and writer for conn: a connIO where the
// platform has the system calls for it and conn a file descriptor, else
// conn itself.
func newConnIO(conn net.Conn) io.ReadWriter {
	if !haveSysIO {
		return conn
	}
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return conn
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return conn
	}
	return connIO{raw}
}

// Read reads what is there, waiting until something is.
func (c connIO) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	var n int
	var err error
	if waitErr := c.raw.Read(func(fd uintptr) bool {
		n, err = sysRead(fd, b)
		return !errors.Is(err, syscall.EAGAIN)
	}); waitErr != nil {
		return 0, waitErr
	}
	switch {
	case err != nil:
		return 0, os.NewSyscallError("read", err)
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

// Write writes all of b, waiting for room when the socket buffer is full.
func (c connIO) Write(b []byte) (int, error) {
	done := 0
	var err error
	if waitErr := c.raw.Write(func(fd uintptr) bool {
		for done < len(b) {
			n, e := sysWrite(fd, b[done:])
			if errors.Is(e, syscall.EAGAIN) {
				return false // wait for room
			}
			if e != nil {
				err = e
				return true
			}
			done += n
		}
		return true
	}); waitErr != nil {
		return done, waitErr
	}
	if err != nil {
		return done, os.NewSyscallError("write", err)
	}
	return done, nil
}

// writeNow writes what the socket takes at once and returns how much that
// was; it never waits.
func writeNow(raw syscall.RawConn, b []byte) int {
	n := 0
	raw.Write(func(fd uintptr) bool {
		if m, _ := sysWrite(fd, b); m > 0 {
			n = m
		}
		return true // done, whether or not it all went
	})
	return n
}
