package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"runtime"

	"github.com/spf13/pflag"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/rules"
	"github.com/gokmig/gokmig/install"
	"github.com/gokmig/gokmig/internal/version"
	"github.com/gokmig/gokmig/kernel"
	"github.com/gokmig/gokmig/migrate"
)

const kernelHelp = `Usage: gokmig-kernel kernel -f CONNECTION_FILE [flags]

Run as a Jupyter kernel. A Python kernel (ipykernel, or the kernelspec named
by --upstream-kernel) runs behind this process; every message passes through
unchanged, and cells with Keras 2 code that Keras 3 breaks get a notice right
under them. Jupyter starts this verb through the kernelspec that
'gokmig-kernel install' writes.

In a notebook, the line magic %gokmig warn|fix|off switches the mode and
%gokmig target tf|multi the target for the rest of the session, restarts
included (they are kept in CONNECTION_FILE.gokmig.json until the kernel
shuts down). The
[tool.gokmig] table of the closest pyproject.toml at or above the working
directory sets the starting target, mode, keras-version and rules (select,
ignore); the flags below win.

Exit status: 0 after a shutdown, 1 if the Python kernel died or could not
start, 2 usage error.
`

func init() {
	register(&verb{name: "kernel", summary: "run as a Jupyter kernel (started by Jupyter)", run: runKernel})
}

// ipykernelFlags are the ipykernel-style arguments VS Code puts in place of
// "-f {connection_file}" for kernelspecs whose language is python. They are
// accepted and hidden from the help.
type ipykernelFlags struct {
	file, ip, transport, key, scheme string
	shell, iopub, stdin, control, hb int
}

func (f *ipykernelFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.file, "f", "", "connection file (ipykernel style)")
	fs.StringVar(&f.ip, "ip", "", "")
	fs.StringVar(&f.transport, "transport", "", "")
	fs.StringVar(&f.key, "Session.key", "", "")
	fs.StringVar(&f.scheme, "Session.signature_scheme", "", "")
	for name, p := range map[string]*int{"shell": &f.shell, "iopub": &f.iopub, "stdin": &f.stdin, "control": &f.control, "hb": &f.hb} {
		fs.IntVar(p, name, 0, "")
	}
	for _, name := range []string{"f", "ip", "transport", "Session.key", "Session.signature_scheme", "shell", "iopub", "stdin", "control", "hb"} {
		fs.MarkHidden(name)
	}
}

// args returns the flags that were given, for kernel.ConnectionFromArgs.
func (f *ipykernelFlags) args(fs *pflag.FlagSet, connFile string) kernel.ConnectionArgs {
	str := func(name string, v *string) *string {
		if fs.Changed(name) {
			return v
		}
		return nil
	}
	num := func(name string, v *int) *int {
		if fs.Changed(name) {
			return v
		}
		return nil
	}
	return kernel.ConnectionArgs{
		File: connFile, IPykernelFile: f.file,
		IP: str("ip", &f.ip), Transport: str("transport", &f.transport),
		Key: str("Session.key", &f.key), SignatureScheme: str("Session.signature_scheme", &f.scheme),
		Shell: num("shell", &f.shell), IOPub: num("iopub", &f.iopub), Stdin: num("stdin", &f.stdin),
		Control: num("control", &f.control), HB: num("hb", &f.hb),
	}
}

func runKernel(args []string, io stdio) int {
	fs := newFlagSet("kernel")
	connFile := fs.StringP("connection-file", "f", "", "the connection `FILE` Jupyter wrote (required)")
	python := fs.String("python", "", "Python interpreter at `PATH` to run ipykernel with (default: python3 on PATH)")
	upstream := fs.String("upstream-kernel", "", "run the installed kernelspec `NAME` instead of ipykernel")
	mode, target, keras := sessionFlags(fs)
	var vscode ipykernelFlags
	vscode.register(fs)
	if done, code := parseFlags(fs, args, kernelHelp, io); done {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(io, "kernel", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	if *python != "" && *upstream != "" {
		return usageError(io, "kernel", errors.New("--python and --upstream-kernel cannot be combined"))
	}
	m, t, v, checked, code := sessionSettings(fs, "kernel", *mode, *target, *keras, io)
	if code != 0 {
		return code
	}
	info, path, err := kernel.ConnectionFromArgs(vscode.args(fs, *connFile))
	if errors.Is(err, kernel.ErrNoConnectionFile) {
		return usageError(io, "kernel", errors.New("-f CONNECTION_FILE is required"))
	}
	logger := log.New(io.err, "[gokmig-kernel] ", log.LstdFlags|log.Lmicroseconds)
	if err != nil {
		logger.Print(err)
		return 1
	}

	up := kernel.Upstream{Python: *python}
	if *upstream != "" {
		spec, err := install.Find(*upstream, nil)
		if err != nil {
			logger.Printf("--upstream-kernel: %v", err)
			return 1
		}
		up = kernel.Upstream{Spec: spec}
	}
	// A frontend's message still goes from its connection's goroutine to
	// the forwarding one (the ROUTERs' inboxes); on a single OS thread
	// such hand-offs skip the thread wake-ups that dominate a trivial
	// cell's latency. The rule checks are short enough not to need a
	// second thread. An explicit GOMAXPROCS in the environment still wins.
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
	err = kernel.Run(context.Background(), kernel.Config{
		Connection:     info,
		ConnectionFile: path,
		StateFile:      kernel.StatePath(path),
		Upstream:       up,
		Mode:           m,
		Target:         t,
		Checker:        newSession(checked, v),
		Version:        version.Version,
		Log:            logger,
		HandleSignals:  true,
	})
	if err != nil {
		// Non-zero also when the Python kernel died (*kernel.ChildExitError),
		// so that Jupyter's restarter starts a fresh kernel.
		logger.Print(err)
		return 1
	}
	return 0
}

// kerasVersionUsage is the help of --keras-version, shared by every verb.
var kerasVersionUsage = "the Keras 3 release `X.Y` the code will run on; problems fixed by that release are not reported"

// sessionFlags registers --mode, --target and --keras-version, for the
// verbs that check cells as they run (kernel, serve).
func sessionFlags(fs *pflag.FlagSet) (mode, target, keras *string) {
	mode = fs.String("mode", string(kernel.ModeWarn), "`MODE` is warn (show findings under cells), fix (apply safe fixes, then run) or off")
	target = fs.String("target", string(cellfix.TargetTF), "`TARGET` is tf (Keras 3 on TensorFlow) or multi (any Keras 3 backend)")
	keras = fs.String("keras-version", cellfix.LatestKeras.String(), kerasVersionUsage)
	return mode, target, keras
}

// newSession returns a checking session for the rules and Keras release.
func newSession(checked []*cellfix.Rule, v cellfix.KerasVersion) *cellfix.Session {
	s := cellfix.NewSession(checked)
	s.SetKerasVersion(v)
	return s
}

// sessionSettings resolves the session's mode, target and rules from the
// flags and the working directory's [tool.gokmig]; code is non-zero after
// a usage error.
func sessionSettings(fs *pflag.FlagSet, verb, mode, target, keras string, io stdio) (kernel.Mode, cellfix.Target, cellfix.KerasVersion, []*cellfix.Rule, int) {
	m, err := kernel.ParseMode(mode)
	if err != nil {
		return "", "", cellfix.KerasVersion{}, nil, usageError(io, verb, fmt.Errorf("--mode: %w", err))
	}
	t, err := cellfix.ParseTarget(target)
	if err != nil {
		return "", "", cellfix.KerasVersion{}, nil, usageError(io, verb, fmt.Errorf("--target: %w", err))
	}
	v, err := cellfix.ParseKerasVersion(keras)
	if err != nil {
		return "", "", cellfix.KerasVersion{}, nil, usageError(io, verb, fmt.Errorf("--keras-version: %w", err))
	}
	checked := rules.All
	// A broken pyproject.toml must not keep the notebook from running:
	// say so and start with the flags alone.
	if st, sv, sr, err := kernelSettings(fs, &m, target, keras); err != nil {
		fmt.Fprintf(io.err, "gokmig-kernel %s: %v; the settings file is ignored\n", verb, err)
	} else {
		t, v, checked = st, sv, sr
	}
	return m, t, v, checked, 0
}

// kernelSettings applies the [tool.gokmig] table of the working directory's
// pyproject.toml (the notebook's folder when Jupyter starts the kernel):
// its target, select, ignore and mode, under the flags given.
func kernelSettings(fs *pflag.FlagSet, mode *kernel.Mode, target, keras string) (cellfix.Target, cellfix.KerasVersion, []*cellfix.Rule, error) {
	var none cellfix.KerasVersion
	s, err := migrate.LoadSettings(".")
	if err != nil {
		return "", none, nil, err
	}
	m := *mode
	if s.Mode != "" && !fs.Changed("mode") {
		if m, err = kernel.ParseMode(s.Mode); err != nil {
			return "", none, nil, fmt.Errorf("%s: [tool.gokmig] mode: %w", s.File, err)
		}
	}
	setting := s.File + ": [tool.gokmig] target"
	if fs.Changed("target") || s.Target == "" {
		s.Target, setting = target, "--target"
	}
	t, err := cellfix.ParseTarget(s.Target)
	if err != nil {
		return "", none, nil, fmt.Errorf("%s: %w", setting, err)
	}
	flags := migrate.Overrides{Target: string(cellfix.TargetMulti)}
	if fs.Changed("keras-version") {
		flags.KerasVersion = keras
	}
	v, err := s.ResolveKerasVersion(flags)
	if err != nil {
		return "", none, nil, err
	}
	// The rules are chosen as for multi, so that %gokmig target multi
	// later in the session still finds the multi-only ones; the session
	// runs only those that apply to its target.
	_, checked, err := s.Resolve(rules.All, flags)
	if err != nil {
		return "", none, nil, err
	}
	*mode = m // only once every setting is good
	return t, v, checked, nil
}
