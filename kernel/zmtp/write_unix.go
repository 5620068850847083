//go:build unix

package zmtp

import "syscall"

const canWriteNow = true

// writeNow writes what the socket takes at once and returns how much that
// was; it never waits (Go's sockets are non-blocking underneath).
func writeNow(raw syscall.RawConn, b []byte) int {
	n := 0
	raw.Write(func(fd uintptr) bool {
		if m, _ := syscall.Write(int(fd), b); m > 0 {
			n = m
		}
		return true // done, whether or not it all went
	})
	return n
}
