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
