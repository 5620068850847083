package main

import (
	"fmt"
	"log"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/rules"
	"github.com/gokmig/gokmig/kernel"
)

const serveHelp = `Usage: gokmig-kernel serve

Answer check requests as JSON lines on stdin, one reply line each on
stdout, keeping one session of executed cells for cross-cell checks. The
%load_ext gokmig IPython extension runs this verb; it is not meant to be
run by hand. See kernel.Serve for the protocol.
`

func init() {
	register(&verb{name: "serve", summary: "answer the IPython extension's checks (internal)", run: runServe, hidden: true})
}

func runServe(args []string, io stdio) int {
	fs := newFlagSet("serve")
	if done, code := parseFlags(fs, args, serveHelp, io); done {
		return code
	}
	if fs.NArg() > 0 {
		return usageError(io, "serve", fmt.Errorf("unexpected argument %q", fs.Arg(0)))
	}
	logger := log.New(io.err, "[gokmig-kernel serve] ", log.LstdFlags)
	if err := kernel.Serve(io.in, io.out, cellfix.NewSession(rules.All), logger); err != nil {
		logger.Print(err)
		return 1
	}
	return 0
}
