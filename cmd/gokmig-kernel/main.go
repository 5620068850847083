// Command gokmig-kernel moves Jupyter notebooks from Keras 2 (tf.keras) to
// multi-backend Keras 3. It is a Jupyter kernel, a batch migrator and a
// kernelspec installer; each verb lives in its own file and registers itself
// in verbs. main only wires flags to packages.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/gokmig/gokmig/internal/version"
)

// stdio is what a verb may read and write, so that verbs run in tests
// without a process.
type stdio struct {
	in       io.Reader
	out, err io.Writer
}

// verb is one subcommand.
type verb struct {
	name    string
	summary string
	// run returns the process exit code.
	run func(args []string, io stdio) int
	// hidden verbs serve other parts of gokmig and stay out of the help.
	hidden bool
}

var verbs = map[string]*verb{}

func register(v *verb) { verbs[v.name] = v }

func main() {
	os.Exit(run(os.Args[1:], stdio{os.Stdin, os.Stdout, os.Stderr}))
}

func run(args []string, io stdio) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(io.out)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	if args[0] == "--version" {
		fmt.Fprintf(io.out, "gokmig-kernel %s\n", version.Version)
		return 0
	}
	v, ok := verbs[args[0]]
	if !ok {
		fmt.Fprintf(io.err, "gokmig-kernel: unknown command %q (run 'gokmig-kernel --help')\n", args[0])
		return 2
	}
	return v.run(args[1:], io)
}

func usage(w io.Writer) {
	fmt.Fprint(w, "gokmig-kernel moves Jupyter notebooks from Keras 2 (tf.keras) to Keras 3.\n\nUsage:\n  gokmig-kernel COMMAND [flags] [args]\n\nCommands:\n")
	names := make([]string, 0, len(verbs))
	for name, v := range verbs {
		if v.hidden {
			continue
		}
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-12s %s\n", name, verbs[name].summary)
	}
	fmt.Fprint(w, "\nRun 'gokmig-kernel COMMAND --help' for a command's flags, 'gokmig-kernel --version'\nfor the version.\n")
}
