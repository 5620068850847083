package kernel

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// childProcAttr starts the child in a process group of its own, so that a
// console Ctrl-C meant for us does not reach it. Windows has no
// parent-death signal: JPY_PARENT_PID makes ipykernel exit when we die.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{CreationFlags: syscall.CREATE_NEW_PROCESS_GROUP}
}

// errNoSignalInterrupt: Windows cannot send SIGINT to another process.
// A kernelspec whose interrupt_mode is "message" interrupts through the
// control channel instead.
var errNoSignalInterrupt = errors.New("signal upstream kernel: Windows has no SIGINT for another process; use a kernelspec with interrupt_mode \"message\"")

// signalGroup ends the child for SIGTERM and SIGKILL (Windows has no
// gentler way); SIGINT cannot be sent.
func (c *child) signalGroup(sig syscall.Signal) error {
	if sig == syscall.SIGINT {
		return errNoSignalInterrupt
	}
	if err := c.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("signal upstream kernel: %w", err)
	}
	return nil
}

// errorInvalidParameter is what OpenProcess answers for a pid that no
// process has (the syscall package names no constant for it).
const errorInvalidParameter syscall.Errno = 87

// processExists reports whether a process with pid exists. Windows
// opens a handle only to a process that is there; access denied means
// someone else's process.
func processExists(pid int) bool {
	h, err := syscall.OpenProcess(syscall.PROCESS_QUERY_INFORMATION, false, uint32(pid))
	if err != nil {
		return !errors.Is(err, errorInvalidParameter)
	}
	syscall.CloseHandle(h)
	return true
}
