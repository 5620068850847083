package kernel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/kernel/wire"
)

// defaultCheckWait bounds how long a cell's output waits for its checks; a
// rule engine stuck on odd code must not stall the notebook.
const defaultCheckWait = 10 * time.Second

// maxCheckedCell and maxCheckedLine bound the cells the rule engine sees.
// Its time grows with findings × line length on one long line (10,000
// calls), and goroutines cannot be stopped, so only the input's size
// bounds what a check costs: below these, about a second. A cell or line
// this large is data or generated code, which runs unchecked.
const (
	maxCheckedCell = 128 << 10
	maxCheckedLine = 16 << 10
)

// uncheckedNote is the notice's line for a cell that ran unchecked, and why.
func uncheckedNote(why string) string { return "This cell ran unchecked: " + why + "." }

// uncheckable says why code is too large to check, or "" if it is not.
func uncheckable(code string) string {
	if len(code) > maxCheckedCell {
		return fmt.Sprintf("at %s it is larger than the %s gokmig checks", byteSize(len(code)), byteSize(maxCheckedCell))
	}
	for line, rest := 1, code; rest != ""; line++ {
		end := strings.IndexByte(rest, '\n')
		if end < 0 {
			end = len(rest)
		}
		if end > maxCheckedLine {
			return fmt.Sprintf("its line %d is %s long, over the %s gokmig checks", line, byteSize(end), byteSize(maxCheckedLine))
		}
		rest = rest[min(end+1, len(rest)):]
	}
	return ""
}

// interceptor holds the session's mode and target as %gokmig magics set
// them. Only the shell handler touches it, one request at a time, in
// request order (see frontendHandler).
type interceptor struct {
	mode   Mode
	target cellfix.Target
}

// checkJob is one cell for the rule engine. Jobs run one at a time in
// request order, so each cell is checked after the cells before it were
// recorded.
type checkJob struct {
	msgID  string // of the execute_request, to name the cell in the log
	code   string
	mode   Mode
	target cellfix.Target
	done   chan struct{}
	// ran receives (buffered, once) the code forwarded to the child, which
	// is what the session records: in fix mode it is the original code when
	// the checks took too long, whatever the fixes came to.
	ran chan string
	// entry is told when the results are in.
	entry *noticeEntry
	// Results, valid once done is closed.
	fixed    string
	findings []cellfix.Finding
	// converted is, in warn mode, the cell as convert would write it (its
	// safe fixes applied until none applies), when that changes it.
	converted string
}

// interceptExecute runs an execute_request through the %gokmig magics and
// the rule engine. It returns the message to forward: the same one unless
// the code changed (a magic line commented out, fixes applied), in which
// case the content is re-encoded and signed again. The header, and so the
// msg_id the frontend waits for, stays the same; the new content gives a
// new signature, so the child's duplicate-signature check is not tripped.
//
// replace is, when fix mode changed the cell, the code the cell should now
// hold (see withCellReplaced); "" otherwise. check, when not nil, is the
// cell's check, for the caller to queue once the request is on its way
// (queueCheck): only fix mode needs the results before the cell runs.
func (k *Kernel) interceptExecute(m *wire.Message, msgID string) (out *wire.Message, replace string, check *checkJob) {
	content, err := wire.Fields(m.Content)
	if err != nil {
		return m, "", nil
	}
	var code string
	var silent bool
	if json.Unmarshal(content["code"], &code) != nil {
		return m, "", nil
	}
	json.Unmarshal(content["silent"], &silent)
	if silent {
		return m, "", nil // tools' own code: not the user's cell
	}
	it := &k.interceptor
	before := sessionState{Mode: it.mode, Target: it.target}
	run, magic, problems, magicLines := it.applyMagics(code)
	if after := (sessionState{Mode: it.mode, Target: it.target}); after != before {
		k.saveState()
	}
	n := &notice{Mode: it.mode, Target: it.target, Magic: magic, Problems: problems, CellID: requestCell(m.Metadata)}
	if k.restored != "" {
		// The first cell after a restart says which settings it kept.
		n.Restored, k.restored = k.restored, ""
	}

	entry := &noticeEntry{parent: m.Header, base: n, checkWait: k.cfg.CheckWait}
	var job *checkJob
	if k.cfg.Checker == nil {
		// Nothing checks cells.
	} else if why := uncheckable(run); why != "" {
		// Not recorded either (even in off mode): later cells are checked
		// without it rather than each carrying its cost.
		if it.mode != ModeOff {
			n.Unchecked = uncheckedNote(why)
		}
	} else {
		job = &checkJob{
			msgID: msgID, code: run, mode: it.mode, target: it.target,
			done: make(chan struct{}), ran: make(chan string, 1), entry: entry,
		}
		entry.job = job
		if it.mode != ModeFix {
			check = job
		} else {
			// Fix mode runs the cell as its checks fix it: they go first.
			if !k.queueCheck(job) {
				return m, "", nil
			}
			select {
			case <-job.done:
				if job.fixed != run {
					replace = restoreMagics(job.fixed, magicLines)
					n.Change = newFixChange(code, replace, run, job.fixed)
					n.DisplayID = "gokmig-" + msgID
					run = n.Change.Ran
				}
			case <-time.After(k.cfg.CheckWait):
				k.log.Printf("fix mode: checks of cell %s took over %v; running it unchanged", msgID, k.cfg.CheckWait)
				entry.job = nil // its findings would claim fixes that were not made
				n.Unchecked = fmt.Sprintf("This cell ran unchanged and unchecked: the checks took over %v.", k.cfg.CheckWait)
			}
		}
	}
	if it.mode != ModeOff || !n.empty() {
		k.notices.add(msgID, entry)
	}
	out, forwarded := k.withCode(m, content, code, run)
	if forwarded != run {
		replace = "" // the fixed code could not be sent: the cell ran as written
	} else if n.Change != nil && n.Change.Prelude != "" {
		if k.sendPrelude(n.Change.Prelude, entry) {
			forwarded = n.Change.Prelude + forwarded // what the session ran
		} else {
			// Without its imports the cell cannot run as fixed: as written.
			out, forwarded = m, code
			replace = ""
			n.Change = nil
			n.Unchecked = "This cell ran unchanged: the imports its fixes add could not be sent to the kernel first."
		}
	}
	if job != nil {
		job.ran <- forwarded
	}
	return out, replace, check
}

// queueCheck hands a cell's check to the rule engine's worker; false if
// the kernel is stopping.
func (k *Kernel) queueCheck(job *checkJob) bool {
	select {
	case k.checks <- job:
		return true
	case <-k.ctx.Done():
		return false
	}
}

// sendPrelude runs code, the imports fix mode moved out of a cell, in the
// child just before the cell: a silent execute_request of our own on the
// shell channel, which the child handles before the cell's. Like the
// startup probes it carries no routing identity, so its reply comes back
// without one and goes to k.internal, and its IOPub messages are dropped;
// an error of it is told in the cell's notice.
func (k *Kernel) sendPrelude(code string, entry *noticeEntry) bool {
	m, err := k.newMessage(nil, "execute_request", nil, map[string]any{
		"code": code, "silent": true, "store_history": false, "user_expressions": map[string]any{},
		"allow_stdin": false, "stop_on_error": false,
	})
	if err != nil {
		k.log.Printf("fix mode: prelude: %v", err)
		return false
	}
	id, _, _ := wire.PeekHeader(m.Header)
	k.preludes.Store(id, entry)
	k.probes.add(id)
	k.send(k.up[shellChannel], "prelude", m.Frames())
	return true
}

// withCode returns m with run as its code, re-encoded and signed again,
// and the code the returned message carries: code itself when run is the
// same or cannot be encoded.
func (k *Kernel) withCode(m *wire.Message, content map[string]json.RawMessage, code, run string) (*wire.Message, string) {
	if run == code {
		return m, code
	}
	encoded, err := encodeJSON(run)
	if err != nil {
		return m, code
	}
	content["code"] = encoded
	body, err := encodeJSON(content)
	if err != nil {
		return m, code
	}
	out := *m
	out.Content = body
	k.signer.Sign(&out)
	return &out, run
}

// encodeJSON marshals without escaping <, > and &, keeping code readable.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// magicLine matches a %gokmig line magic at the start of a line.
var magicLine = regexp.MustCompile(`^%gokmig(?:[ \t]+([^\r\n]*?))?[ \t]*\r?$`)

// applyMagics handles %gokmig lines: each changes the mode or target and
// is turned into a comment, so the rest of the cell runs as written, line
// numbers in tracebacks stay right, and a cell holding only the magic
// still executes (and is counted) like any other.
// The magic lines themselves are returned too, as written.
func (it *interceptor) applyMagics(code string) (run string, messages, problems, magicLines []string) {
	if !strings.Contains(code, "%gokmig") || strings.HasPrefix(strings.TrimSpace(code), "%%") {
		return code, nil, nil, nil // no magic, or a cell magic owns the whole cell
	}
	lines := strings.Split(code, "\n")
	for i, line := range lines {
		sub := magicLine.FindStringSubmatch(line)
		if sub == nil {
			continue
		}
		lines[i] = "# " + line
		magicLines = append(magicLines, line)
		msg, err := it.apply(strings.Fields(sub[1]))
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		messages = append(messages, msg)
	}
	return strings.Join(lines, "\n"), messages, problems, magicLines
}

var modeHelp = map[Mode]string{
	ModeWarn: "cells run unchanged; migration issues are shown under each cell",
	ModeFix:  "safe fixes are applied before each cell runs",
	ModeOff:  "no checks",
}

func (it *interceptor) apply(args []string) (string, error) {
	switch {
	case len(args) == 0 || len(args) == 1 && args[0] == "status":
		return fmt.Sprintf("gokmig mode is %s (%s); target is %s (%s)", it.mode, modeHelp[it.mode], it.target, targetName(it.target)), nil
	case len(args) == 1:
		mode, err := ParseMode(args[0])
		if err != nil {
			break
		}
		it.mode = mode
		return fmt.Sprintf("gokmig mode is now %s: %s", mode, modeHelp[mode]), nil
	case len(args) == 2 && args[0] == "target":
		target, err := cellfix.ParseTarget(args[1])
		if err != nil {
			return "", fmt.Errorf("%%gokmig target: %v", err)
		}
		it.target = target
		return fmt.Sprintf("gokmig target is now %s (%s)", target, targetName(target)), nil
	}
	return "", fmt.Errorf("%%gokmig %s: not understood; use %%gokmig warn|fix|off, %%gokmig target tf|multi or %%gokmig status",
		strings.Join(args, " "))
}

// runChecks is the rule engine's worker: it takes jobs in request order.
func (k *Kernel) runChecks() {
	for {
		select {
		case <-k.ctx.Done():
			return
		case job := <-k.checks:
			k.check(job)
		}
	}
}

func (k *Kernel) check(job *checkJob) {
	k.evaluate(job)
	// The next cell is checked against this one as it ran, so wait for the
	// shell handler to say what it forwarded (it never waits on us past
	// CheckWait, so this is short).
	select {
	case ran := <-job.ran:
		k.record(job, ran)
	case <-k.ctx.Done():
	}
}

// evaluate fills in the job's results, then closes job.done.
func (k *Kernel) evaluate(job *checkJob) {
	c := k.cfg.Checker
	job.fixed = job.code
	defer func() {
		close(job.done)
		job.entry.checksDone(k.publishNotice)
	}()
	defer func() {
		// A bug in a rule must cost a notice, not the user's session.
		if r := recover(); r != nil {
			k.log.Printf("rule engine failed on cell %s: %v", describeCell(job), r)
			job.fixed, job.findings = job.code, nil
		}
	}()
	var err error
	job.fixed, job.findings, job.converted, err = runChecker(c, job.mode, job.target, job.code)
	// The notice shows nothing when the engine fails; only the log can
	// tell that apart from a clean cell.
	if err != nil {
		k.log.Printf("rule engine could not check cell %s: %v", describeCell(job), err)
	}
}

// runChecker checks code as the next cell in mode for target. In fix mode
// fixed is the code with safe fixes applied, otherwise code itself; in warn
// mode converted is the cell as convert would write it, when that differs.
// On failure the engine returns no findings and the code unchanged, and err
// says why. Both the kernel and Serve reach the engine only through here.
func runChecker(c Checker, mode Mode, target cellfix.Target, code string) (fixed string, findings []cellfix.Finding, converted string, err error) {
	switch mode {
	case ModeWarn:
		if findings, err = c.Check(code, target); err == nil && hasSafeFix(findings) {
			// Each finding shows its own fix; the notice also shows where
			// they lead together, the code convert would write.
			if all, _, fixErr := c.Fix(code, target); fixErr == nil && all != code {
				converted = all
			}
		}
		return code, findings, converted, err
	case ModeFix:
		fixed, findings, err = c.Fix(code, target)
		// All placed in the fixed text, which the cell now holds: listed
		// in its order, the notice reads top to bottom like the cell.
		sort.SliceStable(findings, func(i, j int) bool {
			a, b := findings[i], findings[j]
			return a.Line < b.Line || a.Line == b.Line && a.Column < b.Column
		})
		return fixed, findings, "", err
	}
	return code, nil, "", nil
}

func hasSafeFix(findings []cellfix.Finding) bool {
	for _, f := range findings {
		if f.Fix != nil && f.Fix.Safety == cellfix.Safe.String() {
			return true
		}
	}
	return false
}

// record appends code that ran to the session's history.
func (k *Kernel) record(job *checkJob, code string) {
	defer func() {
		if r := recover(); r != nil {
			k.log.Printf("rule engine failed to record cell %s: %v", describeCell(job), r)
		}
	}()
	k.cfg.Checker.Record(code)
}

// describeCell names a cell in the log: its execute_request msg_id and the
// start of its first line.
func describeCell(job *checkJob) string {
	first, _, _ := strings.Cut(strings.TrimSpace(job.code), "\n")
	return fmt.Sprintf("%s (%q)", job.msgID, clip(first, 60))
}

// noticeEntry is the notice of one cell, from its execute_request until
// the child's idle for it. The notice goes out once both the child's
// execute_input has been forwarded and the checks are done, whichever comes
// last, and at the latest just before the child's idle: so it always sits
// inside the child's busy..idle, right after execute_input when the checks
// are quick, without holding up the cell's other output while they run.
type noticeEntry struct {
	parent []byte // the execute_request header
	job    *checkJob
	base   *notice // magic answers; findings are added from job
	// checkWait bounds the wait for the checks before the child's idle.
	checkWait time.Duration

	mu        sync.Mutex
	inputSeen bool
	published bool
	count     int // the cell's execution_count, from its execute_input
	// raised is set when the cell's error went out: in fix mode the cell
	// then keeps its text (see cellChange.Kept).
	raised bool
	// preludeError is the error of the imports run before the cell.
	preludeError string
}

func (e *noticeEntry) checked() bool {
	if e.job == nil || e.job.mode == ModeOff {
		return true
	}
	select {
	case <-e.job.done:
		return true
	default:
		return false
	}
}

// notice is the complete notice: with the findings once checked, or
// saying that the checks did not finish in time.
func (e *noticeEntry) notice() *notice {
	n := *e.base
	n.ExecutionCount = e.count
	if e.job != nil && e.job.mode != ModeOff {
		if e.checked() {
			n.Findings, n.Converted = e.job.findings, e.job.converted
			if n.Change != nil {
				n.Findings = withoutFixTexts(n.Findings)
			}
		} else {
			n.Unchecked = uncheckedNote(fmt.Sprintf("the checks took over %v", e.checkWait))
		}
	}
	if e.raised && n.Change != nil {
		n.Change, n.Findings = n.Change.kept(n.Findings)
	}
	if e.preludeError != "" && n.Change != nil {
		n.Unchecked = fmt.Sprintf("The imports and definitions the fixes added, which ran first on their own (%s), failed: %s",
			strings.TrimSpace(strings.ReplaceAll(n.Change.Prelude, "\n", "; ")), e.preludeError)
	}
	return &n
}

// byteSize formats a size for people: 5.0 MB, 128 KB, 900 bytes.
func byteSize(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

func (e *noticeEntry) publishLocked(publish func(parent []byte, n *notice)) {
	e.published = true
	if n := e.notice(); !n.empty() {
		publish(e.parent, n)
	}
}

// inputForwarded is called by the IOPub goroutine right after it forwarded
// the child's execute_input.
func (e *noticeEntry) inputForwarded(count int, publish func([]byte, *notice)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.inputSeen = true
	e.count = count
	if e.checked() {
		e.publishLocked(publish)
	}
}

// errorForwarded is called by the IOPub goroutine right after it forwarded
// an error of the cell. A fix mode notice that is out is updated to say
// that the cell keeps its text (update_display_data, before the idle that
// ends the cell); one not yet out says so when it goes out.
func (e *noticeEntry) errorForwarded(update func([]byte, *notice)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.raised || e.base.Change == nil {
		return
	}
	e.raised = true
	if e.published {
		if n := e.notice(); !n.empty() {
			update(e.parent, n)
		}
	}
}

// preludeFailed is called by the IOPub goroutine with the error of the
// imports run before the cell (which come before the cell's own output).
func (e *noticeEntry) preludeFailed(why string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.preludeError = why
}

// checksDone is called by the checks worker after closing job.done.
func (e *noticeEntry) checksDone(publish func([]byte, *notice)) {
	if e == nil {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.inputSeen && !e.published {
		e.publishLocked(publish)
	}
}

// beforeIdle is called by the IOPub goroutine before it forwards the
// child's idle for the cell: the last moment the notice may go out.
func (e *noticeEntry) beforeIdle(publish func([]byte, *notice)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.inputSeen || e.published {
		return // the cell never ran (aborted), or the notice is out
	}
	if e.job != nil {
		select {
		case <-e.job.done:
		case <-time.After(e.checkWait):
		}
	}
	e.publishLocked(publish)
}

// noticeTable maps execute_request msg_ids to their pending notices.
type noticeTable struct {
	mu      sync.Mutex
	entries map[string]*noticeEntry
	count   atomic.Int32
}

func (t *noticeTable) init() { t.entries = map[string]*noticeEntry{} }

// active is a lock-free test for the IOPub hot path.
func (t *noticeTable) active() bool { return t.count.Load() > 0 }

func (t *noticeTable) add(id string, e *noticeEntry) {
	t.mu.Lock()
	if _, dup := t.entries[id]; !dup {
		t.count.Add(1)
	}
	t.entries[id] = e
	t.mu.Unlock()
}

func (t *noticeTable) get(id string) *noticeEntry {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.entries[id]
}

func (t *noticeTable) take(id string) *noticeEntry {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.entries[id]
	if ok {
		delete(t.entries, id)
		t.count.Add(-1)
	}
	return e
}
