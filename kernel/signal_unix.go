//go:build unix

package kernel

import (
	"errors"
	"fmt"
	"syscall"
)

// signalGroup sends sig to the child's process group.
func (c *child) signalGroup(sig syscall.Signal) error {
	if err := syscall.Kill(-c.pid, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("signal upstream kernel: %w", err)
	}
	return nil
}

// processExists reports whether a process with pid exists: signal 0
// reaches it, or it belongs to someone else.
func processExists(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
