package main

import "github.com/gokmig/gokmig/migrate"

const checkHelp = `Usage: gokmig-kernel check [flags] PATH...

Report Keras 2 code that breaks or misbehaves on Keras 3. Writes nothing.

` + pathHelp + `
` + findingHelp + `
What check finds in a file is kept in a cache (.gokmig_cache in the
project's root, see --cache-dir), so that checking an unchanged file again,
under the same settings and the same gokmig, costs little more than reading
it; --no-cache checks every file afresh.

Exit status: 0 no findings, 1 findings, 2 usage or input error (the other
files are still checked).
`

func init() {
	register(&verb{name: "check", summary: "report Keras 2 code that needs migrating", run: runCheck})
}

func runCheck(args []string, io stdio) int {
	fs := newFlagSet("check")
	var flags migrateFlags
	flags.register(fs)
	flags.registerCache(fs)
	if done, code := parseFlags(fs, args, checkHelp, io); done {
		return code
	}
	cfg, err := flags.config(fs, migrate.Check)
	if err != nil {
		return usageError(io, "check", err)
	}
	return runMigrate("check", cfg, fs.Args(), io)
}
