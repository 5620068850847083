package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

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

func runInstall(args []string, io stdio) int {
	fs := newFlagSet("install")
	user := fs.Bool("user", false, "install for the current user (~/.local/share/jupyter)")
	sysPrefix := fs.Bool("sys-prefix", false, "install into the Python environment's prefix (sys.prefix)")
	prefix := fs.String("prefix", "", "install into `DIR`/share/jupyter/kernels")
	name := fs.String("name", install.DefaultName, "kernelspec `NAME`, the name of its directory")
	displayName := fs.String("display-name", install.DefaultDisplayName, "`TEXT` shown in Jupyter's kernel picker")
	python := fs.String("python", "", "Python interpreter at `PATH` to run; it must import ipykernel (default: the first python3 on PATH that does)")
	upstream := fs.String("upstream-kernel", "", "run the installed kernelspec `NAME` behind gokmig instead of ipykernel")
	mode := fs.String("mode", string(kernel.ModeWarn), "`MODE` is warn (show findings under cells), fix (apply safe fixes, then run) or off")
	replace := fs.Bool("replace", false, "overwrite a kernelspec of that name that gokmig-kernel did not install")
	if done, code := parseFlags(fs, args, installHelp, io); done {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(io, "install", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	opts := install.Options{Name: *name, DisplayName: *displayName, Replace: *replace}
	scopes := 0
	for _, s := range []struct {
		set   bool
		scope install.Scope
	}{{*user, install.ScopeUser}, {*sysPrefix, install.ScopeSysPrefix}, {*prefix != "", install.ScopePrefix}} {
		if s.set {
			scopes++
			opts.Scope = s.scope
		}
	}
	if scopes > 1 {
		return usageError(io, "install", errors.New("give at most one of --user, --sys-prefix and --prefix"))
	}
	opts.Prefix = *prefix
	if *python != "" && *upstream != "" {
		return usageError(io, "install", errors.New("--python and --upstream-kernel cannot be combined"))
	}
	if _, err := kernel.ParseMode(*mode); err != nil {
		return usageError(io, "install", fmt.Errorf("--mode: %w", err))
	}
	if err := install.CheckName(*name); err != nil {
		return usageError(io, "install", fmt.Errorf("--name: %w", err))
	}
	fail := func(err error) int {
		fmt.Fprintf(io.err, "gokmig-kernel install: %v\n", err)
		return 1
	}
	exe, err := os.Executable()
	if err != nil {
		return fail(fmt.Errorf("find this program's path: %w", err))
	}
	if exe, err = filepath.Abs(exe); err != nil {
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
		if opts.Scope == install.ScopeSysPrefix {
			if opts.Python, err = exec.LookPath("python3"); err != nil {
				return fail(fmt.Errorf("--sys-prefix needs a python3 on PATH: %w", err))
			}
		}
	}
	opts.Argv = install.KernelArgv(exe, interpreter, *upstream, *mode)
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

// checkUpstream makes sure the upstream kernelspec exists, looking in the
// directory being installed into first, and is not this kernelspec.
func checkUpstream(opts install.Options, name string) error {
	if name == opts.Name {
		return fmt.Errorf("--upstream-kernel %s names the kernelspec being installed", name)
	}
	dirs := install.DataDirs()
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
