package main

import "github.com/gokmig/gokmig/migrate"

const convertHelp = `Usage: gokmig-kernel convert [flags] PATH...

Apply the rules' fixes: rewrite notebooks and scripts in place, changing only
the cells that change (outputs, metadata and formatting stay byte for byte).
Only safe fixes are applied unless --unsafe-fixes is given. With - as PATH
the fixed source goes to stdout.

` + pathHelp + `
` + findingHelp + `Fixed findings end in "(fixed)", or "(would fix)" with --diff and --check;
their JSON objects have "fixed": true. A fix that must change something the
program can see, such as a file's or a layer's name, says what in
"(fixed; visible: ...)" and in its JSON "visible". When stdout carries a diff or a fixed
file, the report goes to stderr.

A file keeps its mode, owner and group. A read-only file, or one with more
than one hard link, is not rewritten: it gets one error line instead.

Exit status: 0 nothing left to report, 1 findings remain (with --diff: or
something would change; with --check: only if something would change),
2 usage or input error, or a file not rewritten (the other files are still
converted).
`

func init() {
	register(&verb{name: "convert", summary: "rewrite notebooks and scripts for Keras 3", run: runConvert})
}

func runConvert(args []string, io stdio) int {
	fs := newFlagSet("convert")
	var flags migrateFlags
	flags.register(fs)
	diff := fs.Bool("diff", false, "print a unified diff of each changed file (per cell for notebooks) instead of writing")
	check := fs.Bool("check", false, "write nothing; exit 1 if any file would change")
	output := fs.StringP("output", "o", "", "write the converted single input to `FILE` (- for stdout)")
	if done, code := parseFlags(fs, args, convertHelp, io); done {
		return code
	}
	mode := migrate.Convert
	switch {
	case *diff && *check:
		return usageError(io, "convert", errDiffAndCheck)
	case *diff:
		mode = migrate.Diff
	case *check:
		mode = migrate.DryRun
	}
	cfg, err := flags.config(fs, mode)
	if err != nil {
		return usageError(io, "convert", err)
	}
	cfg.Output = *output
	return runMigrate("convert", cfg, fs.Args(), io)
}
