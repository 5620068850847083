package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/gokmig/gokmig/install"
)

const kernelspecsHelp = `Usage: gokmig-kernel kernelspecs

List the Jupyter kernelspecs found in Jupyter's search path ($JUPYTER_PATH,
the user directory, the active environment, the system directories, as the
jupyter_core of the python3 on PATH reports them), one per line: name,
directory and display name. Kernelspecs written by
'gokmig-kernel install' are marked with *.
`

func init() {
	register(&verb{name: "kernelspecs", summary: "list installed Jupyter kernelspecs", run: runKernelspecs})
}

func runKernelspecs(args []string, io stdio) int {
	fs := newFlagSet("kernelspecs")
	if done, code := parseFlags(fs, args, kernelspecsHelp, io); done {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(io, "kernelspecs", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	specs, problems := install.List(jupyterDataDirs())
	for _, p := range problems {
		fmt.Fprintf(io.err, "gokmig-kernel kernelspecs: %v\n", p)
	}
	if len(specs) == 0 {
		fmt.Fprintln(io.out, "No kernelspecs found.")
		return 0
	}
	tw := tabwriter.NewWriter(io.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  NAME\tDIRECTORY\tDISPLAY NAME")
	for _, s := range specs {
		mark := " "
		if s.IsGokmig() {
			mark = "*"
		}
		fmt.Fprintf(tw, "%s %s\t%s\t%s\n", mark, s.Name, s.ResourceDir, s.DisplayName)
	}
	tw.Flush()
	return 0
}
