//go:build unix && !linux

package kernel

import "syscall"

// childProcAttr puts the child in a process group of its own. Without a
// parent-death signal, JPY_PARENT_PID is what makes ipykernel exit when this
// process dies.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
