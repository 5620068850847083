package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/install"
	"github.com/gokmig/gokmig/kernel"
)

const installHelp = `Usage: gokmig-kernel install [flags]

Write a Jupyter kernelspec that runs Python through gokmig, so that
"Python 3 (Keras 3 migration)" appears in the launcher and kernel picker of
JupyterLab, Notebook and VS Code. Like 'python -m ipykernel install', it
installs for the whole system (/usr/local/share/jupyter) unless --user,
--sys-prefix or --prefix says otherwise.

The Python interpreter (--python, or the first python3 on PATH that can
import ipykernel) is checked now and recorded in the kernelspec. With
--upstream-kernel, the kernel runs that installed kernelspec instead, e.g. a
conda environment's or a remote gateway's.

A kernelspec of the same name is replaced if gokmig-kernel installed it;
one of another kernel only with --replace (otherwise exit status 2).
`

func init() {
	register(&verb{name: "install", summary: "install the Jupyter kernelspec", run: runInstall})
}

// scopeFlags are --user, --sys-prefix and --prefix, shared by install and
// uninstall.
type scopeFlags struct {
	user, sysPrefix bool
	prefix          string
}

func (f *scopeFlags) register(fs *pflag.FlagSet, verb string) {
	fs.BoolVar(&f.user, "user", false, verb+" the current user's Jupyter data directory (~/.local/share/jupyter)")
	fs.BoolVar(&f.sysPrefix, "sys-prefix", false, verb+" the Python environment's prefix (sys.prefix)/share/jupyter")
	fs.StringVar(&f.prefix, "prefix", "", verb+" `DIR`/share/jupyter")
}

// scope returns the scope the flags name, and whether they name one.
func (f *scopeFlags) scope() (install.Scope, bool, error) {
	scope, n := install.ScopeSystem, 0
	for _, s := range []struct {
		set   bool
		scope install.Scope
	}{{f.user, install.ScopeUser}, {f.sysPrefix, install.ScopeSysPrefix}, {f.prefix != "", install.ScopePrefix}} {
		if s.set {
			n++
			scope = s.scope
		}
	}
	if n > 1 {
		return scope, true, errors.New("give at most one of --user, --sys-prefix and --prefix")
	}
	return scope, n == 1, nil
}

func runInstall(args []string, io stdio) int {
	fs := newFlagSet("install")
	var where scopeFlags
	where.register(fs, "install into")
	name := fs.String("name", install.DefaultName, "kernelspec `NAME`, the name of its directory")
	displayName := fs.String("display-name", install.DefaultDisplayName, "`TEXT` shown in Jupyter's kernel picker")
	python := fs.String("python", "", "Python interpreter at `PATH` to run; it must import ipykernel (default: the first python3 on PATH that does)")
	upstream := fs.String("upstream-kernel", "", "run the installed kernelspec `NAME` behind gokmig instead of ipykernel")
	mode := fs.String("mode", string(kernel.ModeWarn), "`MODE` is warn (show findings under cells), fix (apply safe fixes, then run) or off")
	target := fs.String("target", string(cellfix.TargetTF), "`TARGET` is tf (Keras 3 on TensorFlow) or multi (any Keras 3 backend)")
	replace := fs.Bool("replace", false, "overwrite a kernelspec of that name that gokmig-kernel did not install")
	module := fs.Bool("python-module", false, "start the kernel as 'python -m gokmig kernel', the gokmig Python package of the wheel, in the Python that Jupyter runs (no path is recorded)")
	if done, code := parseFlags(fs, args, installHelp, io); done {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(io, "install", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	scope, _, err := where.scope()
	if err != nil {
		return usageError(io, "install", err)
	}
	opts := install.Options{Scope: scope, Prefix: where.prefix, Name: *name, DisplayName: *displayName, Replace: *replace}
	if *python != "" && *upstream != "" {
		return usageError(io, "install", errors.New("--python and --upstream-kernel cannot be combined"))
	}
	if *module && (*python != "" || *upstream != "") {
		return usageError(io, "install", errors.New("--python-module cannot be combined with --python or --upstream-kernel"))
	}
	if _, err := kernel.ParseMode(*mode); err != nil {
		return usageError(io, "install", fmt.Errorf("--mode: %w", err))
	}
	if _, err := cellfix.ParseTarget(*target); err != nil {
		return usageError(io, "install", fmt.Errorf("--target: %w", err))
	}
	if err := install.CheckName(*name); err != nil {
		return usageError(io, "install", fmt.Errorf("--name: %w", err))
	}
	fail := func(err error) int {
		fmt.Fprintf(io.err, "gokmig-kernel install: %v\n", err)
		return 1
	}

	// No --mode or --target in the kernelspec unless asked: the wheel's kernelspec then
	// reads as ipykernel's, and a project's [tool.gokmig] mode is not
	// overridden by a flag the user never gave.
	modeArg, targetArg := "", ""
	if fs.Changed("mode") {
		modeArg = *mode
	}
	if fs.Changed("target") {
		targetArg = *target
	}
	switch {
	case *module:
		if opts.Python, err = pathPython(scope); err != nil {
			return fail(err)
		}
		opts.Argv = install.ModuleArgv(modeArg, targetArg)
	default:
		exe, err := thisProgram()
		if err != nil {
			return fail(err)
		}
		interpreter := ""
		if *upstream == "" {
			if *python != "" {
				interpreter, err = install.CheckPython(*python)
			} else {
				interpreter, err = install.FindPython()
			}
			if err != nil {
				return fail(err)
			}
			opts.Python = interpreter
		} else {
			if err := checkUpstream(opts, *upstream); err != nil {
				return fail(err)
			}
			if opts.Python, err = pathPython(scope); err != nil {
				return fail(err)
			}
		}
		opts.Argv = install.KernelArgv(exe, interpreter, *upstream, modeArg, targetArg)
	}
	dir, err := install.Install(opts)
	if errors.Is(err, install.ErrForeignKernelspec) {
		// Refused, like a usage error: the command line must say --replace.
		fmt.Fprintf(io.err, "gokmig-kernel install: %v\n", err)
		return exitError
	}
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(io.out, "Installed kernelspec %s in %s\n", *name, dir)
	return 0
}

// pathPython is the Python whose Jupyter paths --user and --sys-prefix mean
// when no interpreter was chosen: the python3 on PATH, as for a "python -m"
// command. Without one, --user falls back to Jupyter's rules; --sys-prefix
// cannot.
func pathPython(scope install.Scope) (string, error) {
	python, err := exec.LookPath("python3")
	if err != nil && scope == install.ScopeSysPrefix {
		return "", fmt.Errorf("--sys-prefix needs a python3 on PATH: %w", err)
	}
	return python, nil
}

// jupyterDataDirs is Jupyter's search path as the python3 on PATH sees it,
// or by Jupyter's rules without one.
func jupyterDataDirs() []string {
	python, _ := pathPython(install.ScopeUser)
	return install.DataDirsOf(python)
}

// isGoRunBinary is install.IsGoRunBinary; the tests, whose binary go test
// builds in a go-build folder too, accept their own binary.
var isGoRunBinary = install.IsGoRunBinary

// thisProgram is the absolute path of the running binary, which the
// kernelspec will start; a temporary binary of 'go run' is refused.
func thisProgram() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("find this program's path: %w", err)
	}
	if exe, err = filepath.Abs(exe); err != nil {
		return "", err
	}
	if isGoRunBinary(exe) {
		return "", fmt.Errorf("%s is a temporary binary of 'go run', which a kernelspec cannot keep; run 'go install ./cmd/gokmig-kernel' and then 'gokmig-kernel install'", exe)
	}
	return exe, nil
}

// checkUpstream makes sure the upstream kernelspec exists, looking in the
// directory being installed into first, and is not this kernelspec.
func checkUpstream(opts install.Options, name string) error {
	if name == opts.Name {
		return fmt.Errorf("--upstream-kernel %s names the kernelspec being installed", name)
	}
	dirs := jupyterDataDirs()
	if opts.Scope != install.ScopeSysPrefix {
		if data, err := opts.DataDir(); err == nil {
			dirs = append([]string{data}, dirs...)
		}
	}
	spec, err := install.Find(name, dirs)
	if err != nil {
		return fmt.Errorf("--upstream-kernel: %w", err)
	}
	if spec.IsGokmig() {
		return fmt.Errorf("--upstream-kernel %s is itself a gokmig kernel; name a plain one", name)
	}
	return nil
}
