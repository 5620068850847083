package main

// Flag parsing and help shared by every verb.

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// newFlagSet returns a flag set that reports nothing itself: parseFlags
// prints errors and help in the CLI's own words.
func newFlagSet(name string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.SortFlags = false
	return fs
}

// parseFlags parses args. When it returns done, the verb stops with code:
// 0 after printing help, 2 after a usage error.
func parseFlags(fs *pflag.FlagSet, args []string, help string, io stdio) (done bool, code int) {
	err := fs.Parse(args)
	if errors.Is(err, pflag.ErrHelp) {
		fmt.Fprint(io.out, helpText(fs, help))
		return true, 0
	}
	if err != nil {
		return true, usageError(io, fs.Name(), err)
	}
	return false, 0
}

// helpText is a verb's help: its description followed by its flags, laid
// out by hand because pflag's layout shows "[=true|false]" after every
// boolean flag.
func helpText(fs *pflag.FlagSet, help string) string {
	type row struct{ left, usage string }
	rows := []row{}
	width := 0
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return // accepted for compatibility, not offered (e.g. VS Code's argv)
		}
		left := "      --" + f.Name
		if f.Shorthand != "" {
			left = "  -" + f.Shorthand + ", --" + f.Name
		}
		name, usage := pflag.UnquoteUsage(f)
		if f.Value.Type() != "bool" {
			left += " " + name
		}
		switch f.DefValue {
		case "", "false", "[]":
		default:
			usage += fmt.Sprintf(" (default %q)", f.DefValue)
		}
		rows = append(rows, row{left, usage})
		width = max(width, len(left))
	})
	rows = append(rows, row{"  -h, --help", "show this help"})
	width = max(width, len(rows[len(rows)-1].left))
	var b strings.Builder
	b.WriteString(strings.TrimRight(help, "\n") + "\n\nFlags:\n")
	for _, r := range rows {
		b.WriteString(r.left + strings.Repeat(" ", width+2-len(r.left)))
		col := width + 2
		for i, word := range strings.Fields(r.usage) {
			if i > 0 && col+1+len(word) > 80 {
				b.WriteString("\n" + strings.Repeat(" ", width+2))
				col = width + 2
			} else if i > 0 {
				b.WriteByte(' ')
				col++
			}
			b.WriteString(word)
			col += len(word)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// usageError reports a bad command line and returns the usage exit code.
func usageError(io stdio, verb string, err error) int {
	fmt.Fprintf(io.err, "gokmig-kernel %s: %v\nRun 'gokmig-kernel %s --help' for usage.\n", verb, err, verb)
	return exitError
}
