// Package migrate is the batch face of gokmig: it finds the notebooks and
// scripts named on the command line, runs the cellfix rules over them,
// reports findings as text or JSON, shows fixes as unified diffs and writes
// fixed files back, changing only the cells that changed.
package migrate

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/nbformat"
)

// Mode is what Run does with the fixes it finds.
type Mode int

const (
	// Check reports findings and writes nothing.
	Check Mode = iota
	// Convert writes fixed files: in place, to Config.Output, or to stdout
	// for stdin.
	Convert
	// Diff prints a unified diff of the fixes and writes nothing.
	Diff
	// DryRun writes nothing; the exit code says whether anything would
	// change.
	DryRun
)

// Status sums up a Run; the command line turns it into an exit code.
type Status int

const (
	// StatusClean: nothing left to report.
	StatusClean Status = iota
	// StatusFindings: findings remain (or, for DryRun, files would change).
	StatusFindings
	// StatusError: a file could not be read, parsed or written; the other
	// files were processed.
	StatusError
)

// Config says what Run does.
type Config struct {
	Options cellfix.Options
	Mode    Mode
	Format  Format
	// Output, when set, receives the fixed version of the single input
	// instead of the input itself ("-" for stdout). Convert mode only.
	Output string
	// Discovery says what a directory walk leaves out.
	Discovery Discovery
	// Project, when set, reads each file's pyproject.toml settings, which
	// replace Options' target and rules; nil uses Options as they are.
	Project *Project
	// StdinFilename names the source on stdin: its extension says whether
	// it is a notebook or a script, and it stands for "-" in reports and
	// when finding settings.
	StdinFilename string
	// Statistics replaces the findings with a count per rule.
	Statistics bool
	// ExitZero exits 0 when findings remain (errors still exit 2).
	ExitZero bool
	// OutputFile, when set, receives the report instead of stdout.
	OutputFile string
	// Cache, when set, keeps what check finds in each file, and gives it
	// back for a file that has not changed since. Check mode only.
	Cache *Cache
	// Jobs is how many files are processed at once; 0 means GOMAXPROCS.
	// The output is the same for every value.
	Jobs int
}

// Streams are the standard streams Run reads and writes.
type Streams struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// Validate reports a usage error in cfg for the given PATH arguments.
func (cfg Config) Validate(paths []string) error {
	if len(paths) == 0 {
		return errors.New("no PATH given (use - for stdin)")
	}
	if cfg.Output == "" {
		return nil
	}
	if cfg.Mode != Convert {
		return errors.New("-o cannot be combined with --diff or --check")
	}
	if len(paths) != 1 {
		return fmt.Errorf("-o takes exactly one input file, got %d", len(paths))
	}
	if paths[0] != StdinPath {
		if info, err := os.Stat(paths[0]); err == nil && info.IsDir() {
			return fmt.Errorf("-o takes one input file, but %s is a directory", paths[0])
		}
	}
	return nil
}

// runner carries one Run's settings and counts.
type runner struct {
	cfg    Config
	io     Streams
	report io.Writer // where findings go: stdout unless it carries files or diffs
	all    []located // for the formats written at the end
	tally  tally
}

// Run checks or converts the files named by paths, which with cfg have
// passed Validate, and says how it went. Each file that cannot be read,
// parsed or written gets one line on stderr naming it; the other files are
// still processed. Files are processed in parallel (see Config.Jobs), and
// what each one writes comes out in the order the files were listed, as
// if they had been processed one after the other.
func Run(paths []string, cfg Config, streams Streams) Status {
	r := &runner{cfg: cfg, io: streams, report: streams.Stdout}
	if r.stdoutCarriesData(paths) {
		r.report = streams.Stderr
	}
	if cfg.OutputFile != "" {
		report, err := os.Create(cfg.OutputFile)
		if err != nil {
			fmt.Fprintf(streams.Stderr, "%s: cannot write the report: %v\n", cfg.OutputFile, pathCause(err))
			return StatusError
		}
		defer func() {
			if err := report.Close(); err != nil {
				fmt.Fprintf(streams.Stderr, "%s: cannot write the report: %v\n", cfg.OutputFile, pathCause(err))
			}
		}()
		r.report = report
	}
	files, errs := r.expand(paths)
	for _, err := range errs {
		r.fail(err)
	}
	r.processAll(files)
	if cfg.Cache != nil {
		if err := cfg.Cache.Err(); err != nil {
			// Only a warning: the cache saves work, the findings are whole.
			fmt.Fprintf(streams.Stderr, "%s: cannot write the cache: %v\n", cfg.Cache.Dir, err)
		}
	}
	r.finish()
	return r.status()
}

// processAll processes files on up to Config.Jobs goroutines and hands each
// file's output on in order. At most a few files per worker wait, done, for
// the ones before them, which bounds the memory held by finished results.
func (r *runner) processAll(files []string) {
	jobs := r.cfg.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	jobs = min(jobs, len(files))
	if jobs <= 1 || r.cfg.Mode == Convert && listedTwice(files) {
		// A file converted twice must see its first conversion: in order.
		for _, path := range files {
			r.merge(r.processIsolated(path))
		}
		return
	}
	done := make([]chan *fileRun, len(files))
	for i := range done {
		done[i] = make(chan *fileRun, 1)
	}
	todo := make(chan int)
	window := make(chan struct{}, 2*jobs) // files started and not yet merged
	go func() {
		defer close(todo)
		for i := range files {
			window <- struct{}{}
			todo <- i
		}
	}()
	for range jobs {
		go func() {
			for i := range todo {
				done[i] <- r.processIsolated(files[i])
			}
		}()
	}
	for i := range files {
		r.merge(<-done[i])
		<-window
	}
}

// expand lists the files to process. With a Project, each PATH is walked
// with the exclude settings of its own pyproject.toml.
func (r *runner) expand(paths []string) (files []string, errs []error) {
	p := r.cfg.Project
	if p == nil {
		return r.cfg.Discovery.Expand(paths)
	}
	for i, path := range paths {
		if path == StdinPath && slices.Contains(paths[:i], StdinPath) {
			errs = append(errs, errStdinTwice)
			continue
		}
		dir := path
		if info, err := os.Stat(path); err != nil || !info.IsDir() {
			dir = filepath.Dir(r.name(path))
		}
		s, err := p.settings(dir)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: not checked: %w", r.name(path), err))
			continue
		}
		d := r.cfg.Discovery
		d.Settings = &s
		more, moreErrs := d.Expand([]string{path})
		files, errs = append(files, more...), append(errs, moreErrs...)
	}
	return files, errs
}

// name is how path appears in reports: --stdin-filename stands for "-".
func (r *runner) name(path string) string {
	if path == StdinPath && r.cfg.StdinFilename != "" {
		return r.cfg.StdinFilename
	}
	return path
}

// stdoutCarriesData reports whether stdout holds a diff or a fixed file, in
// which case the report goes to stderr so the output stays usable.
func (r *runner) stdoutCarriesData(paths []string) bool {
	switch r.cfg.Mode {
	case Diff:
		return true
	case Convert:
		if r.cfg.Output != "" {
			return r.cfg.Output == StdinPath
		}
		for _, p := range paths {
			if p == StdinPath {
				return true
			}
		}
	}
	return false
}

func (r *runner) fail(err error) {
	r.tally.errors++
	fmt.Fprintln(r.io.Stderr, err)
}

// listedTwice reports whether a file appears twice in files.
func listedTwice(files []string) bool {
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		if abs, err := filepath.Abs(f); err == nil {
			f = abs
		}
		if seen[f] {
			return true
		}
		seen[f] = true
	}
	return false
}

// fileRun is what processing one file produced: what it wrote, in order,
// and its counts and findings, merged into the run's in the files' order.
type fileRun struct {
	r      *runner
	chunks []chunk
	tally  tally
	all    []located
	wrote  bool // the file's conversion has been written
	// stdout, stderr and report record what the file writes to each stream.
	stdout, stderr, report io.Writer
}

// chunk is one write of a file's processing, held until its turn.
type chunk struct {
	to   io.Writer
	data []byte
	// failed, when set, makes an error of the final write an error of the
	// file, reported with this prefix: the write was the file's product
	// (a diff, a converted file on stdout), not its report.
	failed string
}

// recorder is an io.Writer that holds what is written to one stream.
type recorder struct {
	run    *fileRun
	to     io.Writer
	failed string
}

func (w recorder) Write(p []byte) (int, error) {
	c := w.run.chunks
	if n := len(c); n > 0 && c[n-1].to == w.to && c[n-1].failed == w.failed {
		c[n-1].data = append(c[n-1].data, p...)
	} else {
		w.run.chunks = append(c, chunk{to: w.to, data: append([]byte(nil), p...), failed: w.failed})
	}
	return len(p), nil
}

func (r *runner) newFileRun() *fileRun {
	f := &fileRun{r: r}
	f.stdout = recorder{run: f, to: r.io.Stdout}
	f.stderr = recorder{run: f, to: r.io.Stderr}
	f.report = recorder{run: f, to: r.report}
	return f
}

// productWriter records output to stdout whose failure to be written fails
// the file, with the given prefix ("PATH: write diff").
func (f *fileRun) productWriter(prefix string) io.Writer {
	return recorder{run: f, to: f.r.io.Stdout, failed: prefix}
}

func (f *fileRun) fail(err error) {
	f.tally.errors++
	fmt.Fprintln(f.stderr, err)
}

// read returns the bytes of one input file.
func (r *runner) read(path string) ([]byte, error) {
	if path == StdinPath {
		if r.io.Stdin == nil {
			return nil, errors.New("-: no stdin")
		}
		data, err := io.ReadAll(r.io.Stdin)
		if err != nil {
			return nil, fmt.Errorf("-: cannot read stdin: %w", err)
		}
		return data, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read: %w", path, pathCause(err))
	}
	return data, nil
}

// merge writes out what one file's processing recorded and adds its counts.
func (r *runner) merge(f *fileRun) {
	for _, c := range f.chunks {
		if _, err := c.to.Write(c.data); err != nil && c.failed != "" {
			r.fail(fmt.Errorf("%s: %w", c.failed, err))
		}
	}
	r.tally.add(f.tally)
	r.all = append(r.all, f.all...)
}

// processIsolated processes one file and turns a panic into an error
// naming that file, so that a bug triggered by one input never stops the
// others (a folder may hold thousands of notebooks).
func (r *runner) processIsolated(path string) *fileRun {
	f := r.newFileRun()
	func() {
		defer func() {
			if v := recover(); v != nil {
				f.fail(internalError(path, v, panicSite(), f.wrote))
			}
		}()
		if err := f.process(path); err != nil {
			f.fail(err)
		}
	}()
	return f
}

// internalError is the one line that reports a panic while processing path:
// what panicked and where, for a bug report, with no stack trace, and
// whether the converted file had been written (whole) before it.
func internalError(path string, v any, site string, wrote bool) error {
	what := strings.Join(strings.Fields(fmt.Sprint(v)), " ")
	if site != "" {
		what += " at " + site
	}
	state := "file left as it was"
	if wrote {
		state = "after the converted file was written"
	}
	return fmt.Errorf("%s: internal error, %s (please report this bug): %s", path, state, what)
}

// panicSite returns file:line of the function that panicked, called from
// a deferred function while the panic unwinds: the first caller outside the
// runtime, below the deferred function and runtime.gopanic.
func panicSite() string {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	for {
		fr, more := frames.Next()
		if !strings.HasPrefix(fr.Function, "runtime.") {
			return filepath.Base(fr.File) + ":" + strconv.Itoa(fr.Line)
		}
		if !more {
			return ""
		}
	}
}

func (fr *fileRun) process(path string) error {
	r := fr.r
	data, err := r.read(path)
	if err != nil {
		return err
	}
	name := r.name(path)
	opts, ignored, optsErr := r.cfg.Options, []string(nil), error(nil)
	if r.cfg.Project != nil {
		opts, ignored, optsErr = r.cfg.Project.options(name, opts)
	}
	key, cached := "", r.cfg.Cache != nil && r.cfg.Mode == Check && path != StdinPath && optsErr == nil
	if cached {
		key, cached = cacheKey(name, data, opts, ignored)
	}
	if cached {
		if e := r.cfg.Cache.get(key, r.jsonReport()); e != nil {
			if e.Skipped != "" {
				fmt.Fprintf(fr.stderr, "%s: skipped: %s\n", name, e.Skipped)
			}
			out := &Outcome{Findings: make([]Finding, len(e.Findings))}
			for i, l := range e.Findings {
				out.Findings[i] = l.Finding
			}
			fr.count(out, false)
			fr.show(out, e.Findings)
			return nil
		}
	}
	f, err := ParseFile(name, data)
	if err != nil {
		return err
	}
	if f.Skipped != "" {
		fmt.Fprintf(fr.stderr, "%s: skipped: %s\n", f.Path, f.Skipped)
	}
	if optsErr != nil {
		return fmt.Errorf("%s: not checked: %w", f.Path, optsErr)
	}
	f.ignored = ignored
	var out *Outcome
	var after []byte
	changed := false
	if r.cfg.Mode == Check {
		// Checking leaves the file as it is (TestCheckLeavesFileAsIs):
		// serializing the notebook before and after only to learn that
		// cost about 1% of checking a folder.
		out, err = checkFile(f, opts, r.jsonReport())
	} else {
		before := f.Bytes()
		out, err = fixFile(f, opts, r.jsonReport())
		if err == nil {
			after = f.Bytes()
			changed = string(before) != string(after)
		}
	}
	if err != nil {
		return err
	}

	switch r.cfg.Mode {
	case Convert:
		if err := fr.write(path == StdinPath, f, after, changed); err != nil {
			return err // a file not written counts as an error, not a change
		}
	case Diff:
		if err := writeFileDiff(fr.productWriter(f.Path+": write diff"), f, out.Changes); err != nil {
			return fmt.Errorf("%s: write diff: %w", f.Path, err)
		}
	}
	fr.count(out, changed)
	var reported []located
	if cached || r.cfg.Format != Text || r.cfg.Statistics {
		reported = r.reported(f, out)
	}
	if cached {
		r.cfg.Cache.put(&cacheEntry{Key: key, Skipped: f.Skipped, Edits: r.jsonReport(), Findings: reported})
	}
	fr.show(out, reported)
	return nil
}

// show reports one file's findings: as text lines now, or, for the formats
// written at the end and the statistics, as reported, located.
func (fr *fileRun) show(out *Outcome, reported []located) {
	r := fr.r
	if r.cfg.Format != Text || r.cfg.Statistics {
		fr.all = append(fr.all, reported...)
		return
	}
	suffix := " (fixed)"
	if r.cfg.Mode == Diff || r.cfg.Mode == DryRun {
		suffix = " (would fix)"
	}
	for _, fd := range out.Findings {
		line := FormatFinding(fd)
		if fd.Fixed {
			line += suffix
			if fd.Fix != nil && fd.Fix.Visible != "" {
				line = line[:len(line)-1] + "; visible: " + fd.Fix.Visible + ")"
			}
		}
		fmt.Fprintln(fr.report, line)
	}
	for _, fd := range out.Rejected {
		fmt.Fprintf(fr.report, "%s (fix not applied: it would introduce a syntax error)\n", FormatFinding(fd))
	}
}

// write stores a converted file: to -o, to stdout for stdin, or in place
// when it changed (an unchanged file is not rewritten, so its timestamp and
// bytes stay as they were, but a temporary copy that a killed run left
// beside it is removed).
func (fr *fileRun) write(fromStdin bool, f *File, data []byte, changed bool) error {
	r := fr.r
	target := f.Path
	if fromStdin {
		target = StdinPath
	}
	if r.cfg.Output != "" {
		target = r.cfg.Output
	} else if !changed {
		if fromStdin {
			return nil
		}
		return writeError(f.Path, nbformat.RemoveLeftover(f.Path))
	}
	if target == StdinPath {
		fr.productWriter("-: write stdout").Write(data)
		return nil
	}
	if info, err := os.Stat(target); err == nil && info.IsDir() {
		return fmt.Errorf("%s: is a directory, cannot write the converted %s there", target, f.Path)
	}
	if err := nbformat.WriteFile(target, data); err != nil {
		return writeError(target, err)
	}
	fr.wrote = true
	return nil
}

// writeError turns an error of nbformat's writing into one line naming path.
func writeError(path string, err error) error {
	if err == nil {
		return nil
	}
	// nbformat's error starts with "write PATH:"; say it once.
	if inner := errors.Unwrap(err); inner != nil {
		err = inner
	}
	return fmt.Errorf("%s: cannot write: %w", path, pathCause(err))
}

func (fr *fileRun) count(out *Outcome, changed bool) {
	r, t := fr.r, &fr.tally
	t.files++
	if changed {
		t.changed++
	}
	if len(out.Findings) > 0 {
		t.withIssues++
	}
	t.findings += len(out.Findings)
	t.fixed += out.Fixed()
	t.remaining += out.Remaining()
	for _, f := range out.Findings {
		if f.Fixed || f.Fix == nil {
			continue
		}
		if f.Fix.Safety == cellfix.Unsafe.String() && !r.cfg.Options.UnsafeFixes {
			t.unsafeOnly++
		} else {
			t.fixable++
		}
	}
}

// jsonReport reports whether the report is JSON findings (json, json-lines),
// which show every finding and the fixes' edits.
func (r *runner) jsonReport() bool {
	return (r.cfg.Format == JSON || r.cfg.Format == JSONLines) && !r.cfg.Statistics
}

// reported returns what the report shows of out: for JSON every finding,
// fixed ones marked, as text shows them; for the other formats and the
// statistics the findings that remain (all of them for check), located in
// the file, which is where annotations and code scanning point.
func (r *runner) reported(f *File, out *Outcome) []located {
	var findings []Finding
	for _, fd := range out.Findings {
		if !fd.Fixed || r.jsonReport() {
			findings = append(findings, fd)
		}
	}
	return locate(f, findings)
}

func (r *runner) finish() {
	var err error
	switch {
	case r.cfg.Statistics:
		err = writeStatistics(r.report, r.cfg.Format, statistics(r.all, r.cfg.Options.UnsafeFixes))
	case r.cfg.Format == JSON:
		findings := make([]Finding, len(r.all))
		for i, f := range r.all {
			findings[i] = f.Finding
		}
		err = WriteJSON(r.report, findings)
	case r.cfg.Format == JSONLines:
		err = writeJSONLines(r.report, r.all)
	case r.cfg.Format == GitHub:
		err = writeGitHub(r.report, r.all)
	case r.cfg.Format == SARIF:
		err = writeSARIF(r.report, r.all, r.cfg.Options.Rules)
	case r.cfg.Format == JUnit:
		err = writeJUnit(r.report, r.all)
	case r.cfg.Mode == Check:
		_, err = fmt.Fprintln(r.report, r.tally.checkSummary())
	default:
		_, err = fmt.Fprintln(r.report, r.tally.convertSummary(r.cfg.Mode))
	}
	if err != nil {
		r.fail(fmt.Errorf("cannot write the report: %w", err))
	}
}

// status sums up the run; --exit-zero turns remaining findings into a
// clean status, but never hides an error.
func (r *runner) status() Status {
	s := r.findingsStatus()
	if s == StatusFindings && r.cfg.ExitZero {
		return StatusClean
	}
	return s
}

func (r *runner) findingsStatus() Status {
	t := r.tally
	switch {
	case t.errors > 0:
		return StatusError
	case r.cfg.Mode == DryRun:
		if t.changed > 0 {
			return StatusFindings
		}
	case r.cfg.Mode == Diff:
		if t.changed > 0 || t.remaining > 0 {
			return StatusFindings
		}
	case t.remaining > 0:
		return StatusFindings
	}
	return StatusClean
}

// writeFileDiff prints the changes to one file: a plain unified diff for a
// script, and one per changed cell for a notebook, numbered within the
// cell, since a diff of the notebook's JSON would be unreadable.
func writeFileDiff(w io.Writer, f *File, changes []cellChange) error {
	for _, c := range changes {
		name, old, new := f.Path, c.Old, c.New
		if c.Index >= 0 {
			name = fmt.Sprintf("%s:cell %d", f.Path, c.Index+1) // numbered from 1, as in reports
			// A cell's last line rarely ends in a newline, and it means
			// nothing there; leave out the "\ No newline" noise when both
			// sides agree.
			if !strings.HasSuffix(old, "\n") && !strings.HasSuffix(new, "\n") {
				old, new = old+"\n", new+"\n"
			}
		}
		if err := writeUnifiedDiff(w, name, name, old, new); err != nil {
			return err
		}
	}
	return nil
}
