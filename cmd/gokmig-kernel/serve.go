package main

import (
	"fmt"
	"log"

	"github.com/gokmig/gokmig/kernel"
)

const serveHelp = `Usage: gokmig-kernel serve

Answer check requests as JSON lines on stdin, one reply line each on
stdout, keeping one session of executed cells for cross-cell checks. Mode,
target and rules come from the flags and [tool.gokmig] in pyproject.toml,
as for the kernel. The %load_ext gokmig IPython extension runs this verb;
it is not meant to be run by hand. See kernel.Serve for the protocol.
`

func init() {
	register(&verb{name: "serve", summary: "answer the IPython extension's checks (internal)", run: runServe, hidden: true})
}

func runServe(args []string, io stdio) int {
	fs := newFlagSet("serve")
	mode, target, keras := sessionFlags(fs)
	if done, code := parseFlags(fs, args, serveHelp, io); done {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(io, "serve", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	m, t, v, checked, code := sessionSettings(fs, "serve", *mode, *target, *keras, io)
	if code != 0 {
		return code
	}
	logger := log.New(io.err, "[gokmig-kernel serve] ", log.LstdFlags)
	if err := kernel.Serve(io.in, io.out, newSession(checked, v), kernel.ServeDefaults{Mode: m, Target: t}, logger); err != nil {
		logger.Print(err)
		return 1
	}
	return 0
}
