package main

import (
	"fmt"

	"github.com/gokmig/gokmig/cellfix/rules"
	"github.com/gokmig/gokmig/migrate"
)

//go:generate go test -run TestGeneratedDocs . -args -update

const rulesHelp = `Usage: gokmig-kernel rules [flags] [NAME]

List every rule with its code, name, whether it can fix what it finds, the
targets it runs for and its title. With NAME (a rule name or code), print
that rule's documentation: what it finds, why Keras 3 breaks it, an example,
the fix and how safe the fix is.
`

func init() {
	register(&verb{name: "rules", summary: "list the migration rules or explain one", run: runRules})
}

func runRules(args []string, io stdio) int {
	fs := newFlagSet("rules")
	markdown := fs.Bool("markdown", false, "print every rule's documentation as Markdown (docs/rules.md)")
	if done, code := parseFlags(fs, args, rulesHelp, io); done {
		return code
	}
	var err error
	switch names := fs.Args(); {
	case len(names) > 1:
		return usageError(io, "rules", fmt.Errorf("want at most one rule NAME, got %d", len(names)))
	case len(names) == 1 && *markdown:
		return usageError(io, "rules", errMarkdownAndName)
	case len(names) == 1:
		r := migrate.FindRule(rules.All, names[0])
		if r == nil {
			fmt.Fprintf(io.err, "gokmig-kernel rules: unknown rule %q (run 'gokmig-kernel rules' for the list)\n", names[0])
			return exitError
		}
		err = rules.WriteDoc(io.out, r)
	case *markdown:
		err = rules.WriteMarkdown(io.out, rules.All)
	default:
		err = rules.WriteList(io.out, rules.All)
	}
	if err != nil {
		fmt.Fprintf(io.err, "gokmig-kernel rules: %v\n", err)
		return exitError
	}
	return 0
}
