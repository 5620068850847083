package kernel

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"regexp"

	"github.com/google/uuid"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/kernel/explain"
)

// Serve answers check requests for a frontend that runs cells itself, such
// as the `%load_ext gokmig` IPython extension: one JSON object per line on
// in, one reply per line on out, in order, until in ends. c keeps the
// cross-cell context between requests, as it does in the kernel.
//
// A request is {"id": ID, "op": OP, "code": ..., "mode": ..., "target": ...,
// "args": ...}; ID is any JSON value and comes back in the reply. OP is
//   - "check": the findings for code as the next cell, and the notice that
//     the kernel would show under it (mode warn);
//   - "fix": the same in fix mode, with "code" in the reply holding the cell
//     with its safe fixes applied, as the cell should read once it ran
//     without error (the text for set_next_input), and "run" the code to
//     run: that cell laid out on the lines of the request's code (see
//     cellfix.LinePreserving; "lines_preserved" says whether it could be),
//     so that a traceback of the cell, which then keeps its text, points
//     at lines of that text. "prelude", when not empty, holds imports the
//     fixes added that must run first, on their own, before "run". When
//     the fixes changed the cell, "display" carries a display id in its
//     "transient" and "kept_display" is the notice that replaces it
//     (update_display_data) if the cell raises: it says that the cell kept
//     its code and numbers what ran as the traceback does. A frontend
//     that knows only "code" may run it as before;
//   - "record": code ran; later cells are checked after it;
//   - "settings": the session's defaults, "mode" and "target", from the
//     flags and [tool.gokmig], which requests without them use;
//   - "set": what the kernel does for the line `%gokmig ARGS`: the reply has
//     the new "mode" and "target" and the notice confirming them (mode and
//     target in the request are the current ones).
//   - "explain": for a cell that raised "ename" with message "evalue" (and
//     "traceback", a list of lines), the explanation the kernel shows after
//     the error when it is a known Keras 3 failure, as "display"; nothing
//     in off mode.
//
// Every reply carries "findings" (the batch report's fields; at most the
// notice's first 50, clipped as it clips them, "omitted" counting the
// rest) and, when
// there is something to show, "display": the notice's display_data
// content (text/plain and text/html, with the findings as metadata). A
// request that cannot be served gets a reply with "error"; nothing a
// request holds ends the loop.
func Serve(in io.Reader, out io.Writer, c Checker, defaults ServeDefaults, logger *log.Logger) error {
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	r := bufio.NewReaderSize(in, 64<<10)
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for {
		line, size, err := readBoundedLine(r, maxRequestBytes)
		if len(bytes.TrimSpace(line)) > 0 || size > maxRequestBytes {
			reply := serveLine(c, defaults, line, size, logger)
			if err := enc.Encode(reply); err != nil {
				return fmt.Errorf("writing reply: %w", err)
			}
			if err := w.Flush(); err != nil {
				return fmt.Errorf("writing reply: %w", err)
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading requests: %w", err)
		}
	}
}

// ServeDefaults are the mode and target of requests that name none.
type ServeDefaults struct {
	Mode   Mode
	Target cellfix.Target
}

// maxRequestBytes bounds one request line. The largest cell the engine
// checks, JSON-escaped at up to 6 bytes a byte, fits; a longer line is
// answered from its start (its id), and the rest is read and dropped
// without being kept.
const maxRequestBytes = 6*maxCheckedCell + 64<<10

type serveRequest struct {
	ID     json.RawMessage `json:"id"`
	Op     string          `json:"op"`
	Code   string          `json:"code"`
	Mode   Mode            `json:"mode"`
	Target cellfix.Target  `json:"target"`
	Args   string          `json:"args"`
	// For "explain": the cell's exception.
	Ename     string   `json:"ename"`
	Evalue    string   `json:"evalue"`
	Traceback []string `json:"traceback"`
	// CellID and ExecutionCount name the cell being checked in the
	// notice's metadata, as the kernel names it (optional).
	CellID         string `json:"cell_id"`
	ExecutionCount int    `json:"execution_count"`
}

type serveReply struct {
	ID     json.RawMessage `json:"id"`
	Mode   Mode            `json:"mode,omitempty"`
	Target cellfix.Target  `json:"target,omitempty"`
	Code   *string         `json:"code,omitempty"`
	// For "fix": the code to run on the request's lines, imports to run
	// first, and the notice once the cell raised (see Serve).
	Run            *string           `json:"run,omitempty"`
	Prelude        string            `json:"prelude,omitempty"`
	LinesPreserved bool              `json:"lines_preserved,omitempty"`
	KeptDisplay    map[string]any    `json:"kept_display,omitempty"`
	Findings       []cellfix.Finding `json:"findings"`
	Omitted        int               `json:"omitted,omitempty"`
	Display        map[string]any    `json:"display,omitempty"`
	Error          string            `json:"error,omitempty"`
}

// leadingID finds the id at the start of a request too long to decode.
var leadingID = regexp.MustCompile(`^\s*\{\s*"id"\s*:\s*(-?[0-9]+|"[^"\\]{0,200}")`)

func serveLine(c Checker, defaults ServeDefaults, line []byte, size int, logger *log.Logger) (reply serveReply) {
	reply.Findings = []cellfix.Finding{}
	if size > maxRequestBytes {
		if m := leadingID.FindSubmatch(line); m != nil {
			reply.ID = json.RawMessage(m[1])
		}
		why := fmt.Sprintf("at %s the request is larger than the %s gokmig checks", byteSize(size), byteSize(maxRequestBytes))
		reply.Error = why
		reply.Display = (&notice{Unchecked: uncheckedNote(why)}).displayContent()
		return reply
	}
	var req serveRequest
	if err := json.Unmarshal(line, &req); err != nil {
		reply.Error = fmt.Sprintf("request is not a JSON object: %v", err)
		return reply
	}
	reply.ID = req.ID
	if req.Mode == "" {
		req.Mode = cmp.Or(defaults.Mode, ModeWarn)
	}
	if req.Target == "" {
		req.Target = cmp.Or(defaults.Target, cellfix.TargetTF)
	}
	defer func() {
		// A bug in a rule costs one reply, not the frontend's checks.
		if r := recover(); r != nil {
			logger.Printf("rule engine failed on request %s: %v", req.ID, r)
			reply.Findings, reply.Code, reply.Display = []cellfix.Finding{}, nil, nil
			reply.Run, reply.Prelude, reply.LinesPreserved, reply.KeptDisplay = nil, "", false, nil
			reply.Error = fmt.Sprintf("rule engine failed: %v", r)
		}
	}()
	switch req.Op {
	case "check":
		serveCheck(c, &req, ModeWarn, &reply)
	case "fix":
		serveCheck(c, &req, ModeFix, &reply)
	case "record":
		// Like the kernel, cells too large to check are left out of the
		// context rather than make every later check pay for them.
		if uncheckable(req.Code) == "" {
			c.Record(req.Code)
		}
	case "settings":
		reply.Mode, reply.Target = req.Mode, req.Target
	case "set":
		it := interceptor{mode: req.Mode, target: req.Target}
		n := &notice{}
		// The same parser as the kernel's %gokmig line, so that the answers
		// are the same words.
		_, n.Magic, n.Problems, _ = it.applyMagics("%gokmig " + req.Args)
		reply.Mode, reply.Target = it.mode, it.target
		reply.Display = n.displayContent()
	case "explain":
		e := explain.Error{Ename: req.Ename, Evalue: req.Evalue, Traceback: req.Traceback}
		if s := explain.Match(explain.Signatures(), e); s != nil && req.Mode != ModeOff {
			reply.Display = explanationContent(s)
		}
	default:
		reply.Error = fmt.Sprintf("unknown op %q (want check, fix, record, set, settings or explain)", req.Op)
	}
	return reply
}

// serveCheck answers a check or fix request as the kernel would the cell.
func serveCheck(c Checker, req *serveRequest, mode Mode, reply *serveReply) {
	if mode == ModeFix {
		reply.Code, reply.Run = &req.Code, &req.Code
	}
	n := &notice{Mode: mode, Target: req.Target, CellID: req.CellID, ExecutionCount: req.ExecutionCount}
	if why := uncheckable(req.Code); why != "" {
		n.Unchecked = uncheckedNote(why)
	} else {
		fixed, findings, converted, err := runChecker(c, mode, req.Target, req.Code)
		if err != nil {
			reply.Error = fmt.Sprintf("rule engine could not check the cell: %v", err)
		}
		n.Findings, n.Converted = findings, converted
		if mode == ModeFix && err == nil && fixed != req.Code {
			// As the kernel runs a fixed cell (see interceptExecute).
			n.Change = newFixChange(req.Code, fixed, req.Code, fixed)
			n.DisplayID = "gokmig-" + uuid.NewString()
			n.Findings = withoutFixTexts(findings)
			reply.Code, reply.Run = &fixed, &n.Change.Ran
			reply.Prelude, reply.LinesPreserved = n.Change.Prelude, n.Change.Preserved
		}
		// The findings the notice shows, as the kernel puts them in its
		// metadata: a cell with thousands must not make a reply of
		// megabytes.
		if shown, omitted := n.shown(); shown != nil {
			reply.Findings, reply.Omitted = shown, omitted
		}
	}
	if !n.empty() {
		reply.Display = n.displayContent()
	}
	if n.Change != nil {
		k := *n
		k.Change, k.Findings = n.Change.kept(n.Findings)
		reply.KeptDisplay = k.displayContent()
	}
}

// readBoundedLine reads one line (without its newline) from r, keeping at
// most max bytes of it; size is the line's full length. err is io.EOF at
// the end of input (line then holds what preceded it).
func readBoundedLine(r *bufio.Reader, max int) (line []byte, size int, err error) {
	for {
		chunk, err := r.ReadSlice('\n')
		size += len(chunk)
		if room := max + 1 - len(line); room > 0 {
			line = append(line, chunk[:min(len(chunk), room)]...)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err == nil { // chunk ends with the newline
			size--
			line = bytes.TrimSuffix(line, []byte("\n"))
		}
		return line, size, err
	}
}
