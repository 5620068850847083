package kernel

import "syscall"

// childProcAttr puts the child in a process group of its own (an interrupt
// reaches its subprocesses, and not us) and has the kernel kill it if this
// process dies, however it dies.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
