package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/spf13/pflag"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/rules"
	"github.com/gokmig/gokmig/migrate"
)

// Flags and help shared by the check and convert verbs.

// pathHelp explains the PATH arguments of check and convert.
const pathHelp = `PATH is a notebook (.ipynb), a Python script (.py), a directory, or - for
Python source on stdin (a notebook with --stdin-filename NAME.ipynb). Only code cells of Python notebooks are read. A
directory is searched recursively for both, skipping hidden files and folders,
Python environments (any folder holding pyvenv.cfg or conda-meta), what
.gitignore files ignore, and what the exclude patterns match: by default
Ruff's list (venv, .venv, site-packages, build, dist, node_modules,
__pypackages__, .tox, .nox, _build, buck-out, ...). A PATH named on the
command line is always processed.

Settings come from the [tool.gokmig] table of the closest pyproject.toml at
or above each file (see --config, --isolated); flags win. A line ending in
"# noqa" or "# noqa: CODES" and cells tagged gokmig-skip or
gokmig-ignore:CODES have those findings neither reported nor fixed.
`

// findingHelp explains the report format of check and convert.
const findingHelp = `Each finding is one line,
  PATH:cell N:LINE:COL: CODE [rule-name] message
where N numbers the notebook's cells from 1, markdown cells included
(scripts have no cell part), and LINE:COL count from 1 within the cell. A
summary line follows. --format json prints one JSON array of objects with
the keys path, cell (null for scripts), line, column, end_line, end_column,
rule, code, message, fix (null or {safety, title, text, edits, visible}), fixed, url,
cell_id (the nbformat 4.5 id or null) and execution_count, where
edits (absent once applied) are what the fix alone changes, import included:
{cell, line, column, end_line, end_column, content}, and visible (absent
when nothing) what the fixed program can see change; json-lines one
such object per line. github writes GitHub Actions annotations (a notebook's
on the line of the .ipynb that holds the flagged source line), sarif a SARIF
2.1.0 log and junit JUnit XML; these three show the findings that remain.
`

var (
	errDiffAndCheck    = errors.New("--diff and --check cannot be combined")
	errMarkdownAndName = errors.New("--markdown prints every rule; give no NAME")
)

// migrateFlags are the flags check and convert share.
type migrateFlags struct {
	target      string
	keras       string
	selected    []string
	ignored     []string
	format      string
	statistics  bool
	exitZero    bool
	outputFile  string
	unsafeFixes bool
	exclude     []string
	extend      []string
	configFile  string
	isolated    bool
	stdinName   string
	noCache     bool
	cacheDir    string
}

func (m *migrateFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&m.target, "target", string(cellfix.TargetTF), "migration `TARGET`: tf (Keras 3 on the TensorFlow backend) or multi (Keras 3 on any backend)")
	fs.StringVar(&m.keras, "keras-version", cellfix.LatestKeras.String(), kerasVersionUsage)
	fs.StringSliceVar(&m.selected, "select", nil, "run only the rules in `NAMES` (comma-separated rule names, codes, code prefixes such as K3, or ALL)")
	fs.StringSliceVar(&m.ignored, "ignore", nil, "do not run the rules in `NAMES` (comma-separated rule names, codes, code prefixes, or ALL)")
	fs.StringVar(&m.format, "format", string(migrate.Text), "report `FORMAT`: "+formatNames())
	fs.BoolVar(&m.statistics, "statistics", false, "print the number of findings per rule, and whether it is fixable, instead of the findings")
	fs.BoolVar(&m.exitZero, "exit-zero", false, "exit 0 even when findings remain (errors still exit 2)")
	fs.StringVar(&m.outputFile, "output-file", "", "write the report to `FILE` instead of stdout")
	fs.BoolVar(&m.unsafeFixes, "unsafe-fixes", false, "also apply fixes marked unsafe, which may change behaviour (check counts them as fixable)")
	fs.StringSliceVar(&m.exclude, "exclude", nil, "skip files and folders matching `PATTERNS` (comma-separated globs, as Ruff's exclude) instead of the default list")
	fs.StringSliceVar(&m.extend, "extend-exclude", nil, "skip files and folders matching `PATTERNS` as well as the exclude list")
	fs.StringVar(&m.configFile, "config", "", "read settings from the [tool.gokmig] table of `FILE` instead of each file's closest pyproject.toml")
	fs.BoolVar(&m.isolated, "isolated", false, "ignore every pyproject.toml")
	fs.StringVar(&m.stdinName, "stdin-filename", "", "the `NAME` of the source on stdin: NAME.ipynb reads a notebook, NAME.py a script; used in reports and to find settings")
}

// registerCache adds the cache's flags, which only check has.
func (m *migrateFlags) registerCache(fs *pflag.FlagSet) {
	fs.BoolVar(&m.noCache, "no-cache", false, "check every file again instead of reusing what the cache holds for an unchanged one")
	fs.StringVar(&m.cacheDir, "cache-dir", "", "keep the cache in `DIR` (default: cache-dir of [tool.gokmig], else "+migrate.DefaultCacheDir+" in the project's root)")
}

// config turns the flags into a migrate.Config for mode; fs says which
// flags were given, since those override the configuration file.
func (m *migrateFlags) config(fs *pflag.FlagSet, mode migrate.Mode) (migrate.Config, error) {
	if m.configFile != "" && m.isolated {
		return migrate.Config{}, errors.New("--config and --isolated cannot be combined")
	}
	if m.configFile != "" {
		if _, err := migrate.ReadSettings(m.configFile); err != nil {
			return migrate.Config{}, fmt.Errorf("--config: %w", err)
		}
	}
	target, err := cellfix.ParseTarget(m.target)
	if err != nil {
		return migrate.Config{}, fmt.Errorf("--target: %w", err)
	}
	keras, err := cellfix.ParseKerasVersion(m.keras)
	if err != nil {
		return migrate.Config{}, fmt.Errorf("--keras-version: %w", err)
	}
	format, err := migrate.ParseFormat(m.format)
	if err != nil {
		return migrate.Config{}, fmt.Errorf("--format: %w", err)
	}
	// The flags' selectors are checked here for a usage error; each file's
	// rules come from its settings. Without --target the configuration may
	// say multi, so a multi-only rule is not refused yet.
	checkTarget := cellfix.TargetMulti
	if fs.Changed("target") {
		checkTarget = target
	}
	selected, err := migrate.SelectRules(rules.All, m.selected, m.ignored, checkTarget)
	if err != nil {
		return migrate.Config{}, err
	}
	discovery := migrate.Discovery{ExtendExclude: m.extend}
	if m.exclude != nil {
		discovery.Exclude = m.exclude
	}
	project := &migrate.Project{Rules: rules.All, ConfigFile: m.configFile, Isolated: m.isolated,
		Flags: migrate.Overrides{Select: m.selected, Ignore: m.ignored}}
	if fs.Changed("target") {
		project.Flags.Target = m.target
	}
	if fs.Changed("keras-version") {
		project.Flags.KerasVersion = m.keras
	}
	var cache *migrate.Cache
	if mode == migrate.Check && !m.noCache {
		if dir := project.CacheDir(m.cacheDir); dir != "" {
			cache = &migrate.Cache{Dir: dir}
		}
	}
	return migrate.Config{
		Cache:         cache,
		Options:       cellfix.Options{Target: target, KerasVersion: keras, Rules: selected, UnsafeFixes: m.unsafeFixes},
		Mode:          mode,
		Format:        format,
		Discovery:     discovery,
		Project:       project,
		StdinFilename: m.stdinName,
		Statistics:    m.statistics,
		ExitZero:      m.exitZero,
		OutputFile:    m.outputFile,
	}, nil
}

// Exit codes of check and convert; usage errors of every verb exit with
// exitError too.
const (
	exitClean    = 0 // nothing left to report
	exitFindings = 1 // findings remain (or, with --check, files would change)
	exitError    = 2 // usage or input error; the other files were processed
)

// formatNames lists the report formats for help, e.g. "text, json or junit".
func formatNames() string {
	names := make([]string, len(migrate.Formats))
	for i, f := range migrate.Formats {
		names[i] = string(f)
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// runMigrate validates the command line and hands the work to migrate.Run.
func runMigrate(verb string, cfg migrate.Config, paths []string, io stdio) int {
	if err := cfg.Validate(paths); err != nil {
		return usageError(io, verb, err)
	}
	cellfix.RelaxGC()
	if cfg.Jobs == 0 {
		cfg.Jobs = batchWorkers()
	}
	switch migrate.Run(paths, cfg, migrate.Streams{Stdin: io.in, Stdout: io.out, Stderr: io.err}) {
	case migrate.StatusClean:
		return exitClean
	case migrate.StatusFindings:
		return exitFindings
	}
	return exitError
}

// batchWorkers returns how many files check and convert process at once:
// one per P, as GOMAXPROCS was at start. Unless the GOMAXPROCS environment
// variable chose the number of Ps, it also adds one P that no worker
// occupies. A worker spends much of its time in tree-sitter, a cgo call,
// and while every P is busy the runtime's monitor takes the P of each call
// that lasts over 20 µs and wakes another thread to find work for it, which
// finds none: with two workers on two Ps that cost a tenth of the CPU of
// checking a folder. With a P left idle, it leaves the calls alone. Done
// once, since each call of runMigrate (tests) would add another.
var batchWorkers = sync.OnceValue(func() int {
	n := runtime.GOMAXPROCS(0)
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(n + 1)
	}
	return n
})
