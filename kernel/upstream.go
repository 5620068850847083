package kernel

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gokmig/gokmig/install"
)

// Upstream says which kernel the proxy starts behind itself: ipykernel on
// Python (the default) or an installed kernelspec.
type Upstream struct {
	// Python runs "PYTHON -m ipykernel_launcher -f FILE"; "python3" when
	// empty and Spec is nil.
	Python string
	// Spec, when set, is launched as Jupyter would launch it.
	Spec *install.KernelSpec
}

// command returns the argv and extra environment that start the upstream
// kernel on connFile.
func (u Upstream) command(connFile string, info ConnectionInfo) (argv []string, env map[string]string, err error) {
	if u.Spec == nil {
		python := u.Python
		if python == "" {
			python = "python3"
		}
		return []string{python, "-m", "ipykernel_launcher", "-f", connFile}, nil, nil
	}
	if u.Spec.IsGokmig() {
		return nil, nil, fmt.Errorf("upstream kernelspec %q is itself a gokmig kernel; wrap a plain kernel instead", u.Spec.Name)
	}
	fields := map[string]string{
		"connection_file":  connFile,
		"resource_dir":     u.Spec.ResourceDir,
		"ip":               info.IP,
		"transport":        info.Transport,
		"key":              info.Key,
		"signature_scheme": info.SignatureScheme,
		"shell_port":       strconv.Itoa(info.ShellPort),
		"iopub_port":       strconv.Itoa(info.IOPubPort),
		"stdin_port":       strconv.Itoa(info.StdinPort),
		"control_port":     strconv.Itoa(info.ControlPort),
		"hb_port":          strconv.Itoa(info.HBPort),
	}
	for _, a := range u.Spec.Argv {
		argv = append(argv, fillPlaceholders(a, fields))
	}
	env = map[string]string{}
	for k, v := range u.Spec.Env {
		env[k] = substituteEnv(v)
	}
	return argv, env, nil
}

// interruptByMessage reports whether the upstream kernel wants
// interrupt_request messages rather than SIGINT.
func (u Upstream) interruptByMessage() bool {
	return u.Spec != nil && u.Spec.InterruptMode == "message"
}

// fillPlaceholders replaces {name} fields in a kernelspec argument, as
// jupyter_client's format_kernel_cmd does; unknown fields stay as they are.
func fillPlaceholders(arg string, fields map[string]string) string {
	for name, value := range fields {
		arg = strings.ReplaceAll(arg, "{"+name+"}", value)
	}
	return arg
}

// substituteEnv expands $VAR and ${VAR} from our environment in a kernelspec
// env value, leaving unknown variables untouched (Python's
// string.Template.safe_substitute, which jupyter_client uses).
func substituteEnv(v string) string {
	return os.Expand(v, func(name string) string {
		if value, ok := os.LookupEnv(name); ok {
			return value
		}
		return "${" + name + "}"
	})
}

// child is the upstream kernel process. It leads its own process group so
// that an interrupt reaches its subprocesses too, and it is killed by the
// kernel if this process dies.
type child struct {
	cmd     *exec.Cmd
	pid     int
	done    chan struct{}
	waitErr error
}

// startChild starts argv with env added to our environment.
func startChild(argv []string, env map[string]string, stdout, stderr io.Writer) (*child, error) {
	if len(argv) == 0 {
		return nil, errors.New("upstream kernel command is empty")
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.Env = childEnv(env)
	cmd.SysProcAttr = childProcAttr()
	c := &child{cmd: cmd, done: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		// On Linux the parent-death signal fires when the thread that forked
		// the child exits, not the process (golang/go#27505). This goroutine
		// keeps its thread until the child is gone and never unlocks it, so
		// the signal means exactly "the kernel died".
		runtime.LockOSThread()
		if err := cmd.Start(); err != nil {
			started <- err
			close(c.done)
			return
		}
		c.pid = cmd.Process.Pid
		started <- nil
		c.waitErr = cmd.Wait()
		close(c.done)
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("start upstream kernel %s: %w", argv[0], err)
	}
	return c, nil
}

// childEnv is our environment plus extra, with JPY_PARENT_PID naming us so
// that ipykernel also exits on its own when we are gone.
func childEnv(extra map[string]string) []string {
	env := make([]string, 0, len(os.Environ())+len(extra)+1)
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if _, replaced := extra[name]; replaced || name == "JPY_PARENT_PID" {
			continue
		}
		env = append(env, kv)
	}
	for k, v := range extra {
		env = append(env, k+"="+v)
	}
	return append(env, "JPY_PARENT_PID="+strconv.Itoa(os.Getpid()))
}

// Done is closed when the child has exited.
func (c *child) Done() <-chan struct{} { return c.done }

// exited reports whether the child has exited.
func (c *child) exited() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

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

// stop ends the child: SIGTERM to its group, SIGKILL after grace. The group
// is killed in any case, so subprocesses the kernel left behind go too.
func (c *child) stop(grace time.Duration) {
	if !c.exited() {
		c.signalGroup(syscall.SIGTERM)
		select {
		case <-c.done:
		case <-time.After(grace):
		}
	}
	c.signalGroup(syscall.SIGKILL)
	<-c.done
}

// describeExit says how the child ended, for logs and error replies.
func (c *child) describeExit() string {
	var exitErr *exec.ExitError
	switch {
	case c.waitErr == nil:
		return "exited with status 0"
	case errors.As(c.waitErr, &exitErr):
		if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return "was killed by signal " + ws.Signal().String()
		}
		return fmt.Sprintf("exited with status %d", exitErr.ExitCode())
	}
	return c.waitErr.Error()
}
