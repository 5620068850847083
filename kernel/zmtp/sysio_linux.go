package zmtp

import (
	"syscall"
	"unsafe"
)

// haveSysIO: connIO and writeNow are available.
const haveSysIO = true

// sysRead and sysWrite are read(2) and write(2) on a non-blocking socket,
// made as raw system calls: they return at once, so the scheduler need not
// be told (see connIO).
func sysRead(fd uintptr, b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	return rawTransfer(syscall.SYS_READ, fd, b)
}

func sysWrite(fd uintptr, b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	return rawTransfer(syscall.SYS_WRITE, fd, b)
}

// rawTransfer makes the read or write system call trap on b, which is not
// empty, and makes it again when it was interrupted.
func rawTransfer(trap, fd uintptr, b []byte) (int, error) {
	for {
		n, _, errno := syscall.RawSyscall(trap, fd, uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
		switch errno {
		case 0:
			return int(n), nil
		case syscall.EINTR:
			continue
		}
		return 0, errno
	}
}
