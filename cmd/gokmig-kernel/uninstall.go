package main

import (
	"fmt"

	"github.com/gokmig/gokmig/install"
)

const uninstallHelp = `Usage: gokmig-kernel uninstall [flags]

Remove a kernelspec that 'gokmig-kernel install' wrote: the first one called
NAME in Jupyter's search path ($JUPYTER_PATH, the user directory, the active
environment, the system directories, as the jupyter_core of the python3 on
PATH reports them), or in the one data directory that
--user, --sys-prefix or --prefix names, as for install. Kernelspecs of other
kernels are left alone.
`

func init() {
	register(&verb{name: "uninstall", summary: "remove the Jupyter kernelspec", run: runUninstall})
}

func runUninstall(args []string, io stdio) int {
	fs := newFlagSet("uninstall")
	name := fs.String("name", install.DefaultName, "remove the kernelspec called `NAME`")
	var where scopeFlags
	where.register(fs, "remove it from")
	if done, code := parseFlags(fs, args, uninstallHelp, io); done {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(io, "uninstall", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	scope, scoped, err := where.scope()
	if err != nil {
		return usageError(io, "uninstall", err)
	}
	dirs := jupyterDataDirs()
	if scoped {
		opts := install.Options{Scope: scope, Prefix: where.prefix}
		if opts.Python, err = pathPython(scope); err != nil {
			fmt.Fprintf(io.err, "gokmig-kernel uninstall: %v\n", err)
			return 1
		}
		data, err := opts.DataDir()
		if err != nil {
			fmt.Fprintf(io.err, "gokmig-kernel uninstall: %v\n", err)
			return 1
		}
		dirs = []string{data}
	}
	dir, err := install.Uninstall(*name, dirs)
	if err != nil {
		fmt.Fprintf(io.err, "gokmig-kernel uninstall: %v\n", err)
		return 1
	}
	fmt.Fprintf(io.out, "Removed kernelspec %s from %s\n", *name, dir)
	return 0
}
