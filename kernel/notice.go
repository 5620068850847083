package kernel

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/rules"
)

// notice is what the kernel shows under one cell: the rule findings and the
// answers to %gokmig magics in it.
type notice struct {
	Mode     Mode
	Target   cellfix.Target
	Findings []cellfix.Finding
	// Converted is, in warn mode, the cell as `gokmig-kernel convert`
	// would write it, when its safe fixes change it.
	Converted string
	// Magic holds confirmations of %gokmig lines ("mode is now fix").
	Magic []string
	// Problems holds %gokmig lines that could not be understood.
	Problems []string
	// Unchecked says why the cell ran without checks, if it did.
	Unchecked string
	// Change is, in fix mode, the whole cell before and after its fixes,
	// when they changed it: the cell now holds After, which is what ran.
	Change *cellChange
	// Restored says, on the first cell after a restart, which settings the
	// session kept, when they are not the kernel's defaults.
	Restored string
	// CellID is the frontend's id of the cell (JupyterLab sends it), and
	// ExecutionCount its In[n]; they tell which cell the findings are of.
	CellID         string
	ExecutionCount int
	// DisplayID names the notice for update_display_data; "" when it is
	// never updated.
	DisplayID string
}

func (n *notice) empty() bool {
	return n == nil || len(n.Findings) == 0 && len(n.Magic) == 0 && len(n.Problems) == 0 && n.Unchecked == "" &&
		n.Restored == "" && n.Change == nil
}

// cell names the cell the notice is about, for its metadata: the cell id
// when the frontend sent one, else the execution count, else nil.
func (n *notice) cell() any {
	switch {
	case n.CellID != "":
		return n.CellID
	case n.ExecutionCount > 0:
		return n.ExecutionCount
	}
	return nil
}

// metadataFinding is a finding as the notice's metadata lists it: its
// "cell" names the notebook cell (see notice.cell) where the rule engine,
// which sees one cell at a time here, has no index.
type metadataFinding struct {
	cellfix.Finding
	Cell any `json:"cell"`
}

// changeInMetadata is the cell's before and after for the metadata, or nil
// when there is none or it is too large to keep (the cell holds it anyway).
func (n *notice) changeInMetadata() *cellChange {
	if n.Change == nil || len(n.Change.Before)+len(n.Change.After)+len(n.Change.Ran) > maxConvertedMetadata {
		return nil
	}
	return n.Change
}

// Bounds on what a notice shows, so that it stays small (under 256 KiB in
// all its forms) whatever the cell: thousands of findings, or long lines
// quoted in them, must not become megabytes of output.
const (
	maxShownFindings = 50      // the rest are counted ("and N more")
	maxShownText     = 8 << 10 // bytes of messages and fixes shown, about
	maxMessageBytes  = 500
	maxFixLines      = 12
	maxFixLineBytes  = 240
	// The converted cell is shown up to this many lines, and kept whole in
	// the metadata up to this many bytes.
	maxConvertedLines    = 60
	maxConvertedMetadata = 32 << 10
)

// shown returns the findings the notice shows, clipped, and how many
// more there are.
func (n *notice) shown() (shown []cellfix.Finding, more int) {
	used := 0
	for i, f := range n.Findings {
		if i == maxShownFindings || used >= maxShownText {
			return shown, len(n.Findings) - i
		}
		f.Message = clip(f.Message, maxMessageBytes)
		used += len(f.Message)
		if f.Fix != nil {
			fix := *f.Fix
			fix.Title = clip(fix.Title, maxMessageBytes)
			fix.Visible = clip(fix.Visible, maxMessageBytes)
			fix.Text = clipLines(fix.Text, maxFixLines, maxFixLineBytes)
			f.Fix = &fix
			used += len(fix.Title) + len(fix.Visible) + len(fix.Text)
		}
		shown = append(shown, f)
	}
	return shown, 0
}

// clip shortens s to at most max bytes, at a character boundary, marking
// the cut with an ellipsis.
func clip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// clipLines keeps the first maxLines lines of s, each clipped to maxBytes.
func clipLines(s string, maxLines, maxBytes int) string {
	var b strings.Builder
	for i := 0; s != ""; i++ {
		if i == maxLines {
			b.WriteString("…\n")
			break
		}
		line, rest, found := strings.Cut(s, "\n")
		b.WriteString(clip(line, maxBytes))
		if found {
			b.WriteByte('\n')
		}
		s = rest
	}
	return b.String()
}

// convertedShown is the converted cell as the notice shows it: clipped
// like a fix, so that a long cell cannot make the notice large.
func (n *notice) convertedShown() string {
	return clipLines(n.Converted, maxConvertedLines, maxFixLineBytes)
}

// convertedInMetadata is the whole converted cell for the notice's
// metadata, for tools that read it; a cell over maxConvertedMetadata
// leaves it empty (convert writes it in full).
func (n *notice) convertedInMetadata() string {
	if len(n.Converted) > maxConvertedMetadata {
		return ""
	}
	return n.Converted
}

// moreLine says how many findings the notice leaves out.
func moreLine(more int) string {
	return fmt.Sprintf("… and %d more (gokmig-kernel check lists them all)", more)
}

// displayContent is the content of the display_data message: HTML for
// notebooks, plain text for consoles and logs, and the findings as metadata
// for tools that read saved notebooks.
func (n *notice) displayContent() map[string]any {
	shown, more := n.shown()
	findings := make([]metadataFinding, len(shown))
	for i, f := range shown {
		findings[i] = metadataFinding{Finding: f, Cell: n.cell()}
	}
	var cellID any
	if n.CellID != "" {
		cellID = n.CellID
	}
	var count any
	if n.ExecutionCount > 0 {
		count = n.ExecutionCount
	}
	return map[string]any{
		"data": map[string]string{
			"text/html":  n.html(),
			"text/plain": n.text(),
		},
		"metadata": map[string]any{
			"gokmig": map[string]any{
				"mode":            n.Mode,
				"target":          n.Target,
				"findings":        findings,
				"omitted":         more,
				"converted":       n.convertedInMetadata(),
				"change":          n.changeInMetadata(),
				"cell_id":         cellID,
				"execution_count": count,
			},
		},
		"transient": n.transient(),
	}
}

// transient carries, for a fix mode notice that may yet change (the cell
// raising, see cellChange.Kept), the display id its update names.
func (n *notice) transient() map[string]any {
	if n.DisplayID == "" {
		return map[string]any{}
	}
	return map[string]any{"display_id": n.DisplayID}
}

func (n *notice) counts() (fixed, open int) {
	for _, f := range n.Findings {
		if f.Fixed {
			fixed++
		} else {
			open++
		}
	}
	return fixed, open
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// title summarizes the findings in one line.
func (n *notice) title() string {
	fixed, open := n.counts()
	var parts []string
	if fixed > 0 {
		parts = append(parts, plural(fixed, "fix", "fixes")+" applied before running")
	}
	if open > 0 {
		parts = append(parts, plural(open, "issue", "issues")+" to review")
	}
	return "Keras 3 migration: " + strings.Join(parts, ", ")
}

func targetName(t cellfix.Target) string {
	if t == cellfix.TargetMulti {
		return "any Keras 3 backend"
	}
	return "Keras 3 on TensorFlow"
}

// safetyNote explains in a few words what a fix's safety level means for
// the user: whether it keeps the program's meaning and who applies it.
func safetyNote(f cellfix.Finding) string {
	switch {
	case f.Fix == nil:
		return "No automatic fix: change this by hand."
	case f.Fixed:
		return "Safe fix, applied before the cell ran: it keeps the code's meaning."
	case f.Fix.Safety == cellfix.Unsafe.String():
		return "Unsafe fix: it may change behaviour, so review it. Fix mode leaves it; only gokmig-kernel convert --unsafe-fixes applies it."
	}
	return "Safe fix: it keeps the code's meaning. %gokmig fix and gokmig-kernel convert apply it."
}

// fixLabel names a finding's fix with its safety level.
func fixLabel(f cellfix.Finding) string {
	switch {
	case f.Fixed:
		return "applied " + f.Fix.Safety + " fix"
	case f.Fix.Safety == cellfix.Unsafe.String():
		return "unsafe fix (review)"
	}
	return f.Fix.Safety + " fix"
}

// explainCommand is how a terminal shows a rule's documentation, offline.
func explainCommand(rule string) string { return "gokmig-kernel rules " + rule }

// ruleNames lists the distinct rules of the findings, in order of first
// appearance, so that each rule's documentation is offered once.
func ruleNames(findings []cellfix.Finding) []string {
	var names []string
	seen := map[string]bool{}
	for _, f := range findings {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			names = append(names, f.Rule)
		}
	}
	return names
}

// ruleDoc finds the documentation of the rule called name, or nil. The
// notice shows it inline so that it reads the same offline; there is no
// page on the web to link to.
func ruleDoc(name string) *cellfix.Rule {
	for _, r := range rules.All {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// statusLines are the notice's lines about the session rather than the
// cell's code: answers to %gokmig lines, lines not understood, why the cell
// ran unchecked. warn is set when one of them is a problem. Both forms of
// the notice show them first, one line each.
func (n *notice) statusLines() (lines []string, warn bool) {
	lines = append(append(lines, n.Magic...), n.Problems...)
	if n.Unchecked != "" {
		lines = append(lines, n.Unchecked)
	}
	if n.Restored != "" {
		lines = append(lines, n.Restored)
	}
	return lines, len(n.Problems) > 0 || n.Unchecked != ""
}

// codeBlock is whole code the notice shows under its findings, folded in
// HTML, behind a one-line title.
type codeBlock struct{ title, code string }

// codeBlocks lists the notice's code blocks: in warn mode, the cell as
// convert would write it; in fix mode, the cell before and after its fixes.
func (n *notice) codeBlocks() []codeBlock {
	var blocks []codeBlock
	if n.Converted != "" {
		blocks = append(blocks, codeBlock{convertedTitle, n.convertedShown()})
	}
	if n.Change != nil {
		title := changeTitle
		if n.Change.Kept {
			title = n.Change.keptTitle()
		}
		blocks = append(blocks, codeBlock{title, n.changeShown()})
	}
	return blocks
}

// text renders the notice for terminals (jupyter console, nbconvert to
// text, logs): one line per finding and its fix, kept short; the rules'
// documentation is one command away rather than repeated here.
func (n *notice) text() string {
	var b strings.Builder
	lines, _ := n.statusLines()
	for _, line := range lines {
		fmt.Fprintf(&b, "[gokmig] %s\n", line)
	}
	if len(n.Findings) > 0 {
		fmt.Fprintf(&b, "[gokmig] %s (target: %s)\n", n.title(), targetName(n.Target))
		shown, more := n.shown()
		for _, f := range shown {
			status := ""
			if f.Fixed {
				status = "fixed: "
			}
			fmt.Fprintf(&b, "  line %d: %s%s [%s %s]\n", f.Line, status, f.Message, f.Code, f.Rule)
			if f.Fix != nil {
				fmt.Fprintf(&b, "    %s: %s\n", fixLabel(f), f.Fix.Title)
				if f.Fix.Visible != "" {
					fmt.Fprintf(&b, "    visible change: %s\n", f.Fix.Visible)
				}
				for _, line := range strings.Split(strings.TrimRight(f.Fix.Text, "\n"), "\n") {
					if line != "" || f.Fix.Text != "" {
						fmt.Fprintf(&b, "      | %s\n", line)
					}
				}
			}
		}
		if more > 0 {
			fmt.Fprintf(&b, "  %s\n", moreLine(more))
		}
		if hasOpenFix(shown) {
			fmt.Fprintf(&b, "  %s\n", safetyLegend)
		}
		fmt.Fprintf(&b, "  about a rule: %s (here: %s)\n", explainCommand("NAME"), strings.Join(ruleNames(shown), ", "))
	}
	for _, block := range n.codeBlocks() {
		fmt.Fprintf(&b, "[gokmig] %s:\n", block.title)
		for _, line := range strings.Split(strings.TrimRight(block.code, "\n"), "\n") {
			fmt.Fprintf(&b, "  | %s\n", line)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// hasOpenFix reports whether a finding offers a fix not yet applied.
func hasOpenFix(findings []cellfix.Finding) bool {
	for _, f := range findings {
		if f.Fix != nil && !f.Fixed {
			return true
		}
	}
	return false
}

// safetyLegend says once, in the plain-text notice, what safe and unsafe
// mean (the HTML notice says it under each fix).
const safetyLegend = "safe fixes keep the code's meaning (fix mode and convert apply them); unsafe ones may change behaviour (review them)"

// Inline styles only: JupyterLab drops <style> and <script> from untrusted
// output (a notebook opened from disk) and keeps only the inline CSS its
// sanitizer recognizes. Colours are translucent over the page background
// and text keeps the theme's colour, so the notice reads in light and dark
// themes alike; code blocks scroll sideways instead of wrapping mid-word.
const (
	styleBox = "margin:4px 0;padding:4px 10px;border-left:4px solid %s;border-radius:4px;" +
		"background:%s;font-size:13px;line-height:1.45"
	styleSummary = "cursor:pointer;font-weight:600"
	styleItem    = "margin:3px 0 0 0"
	styleItemSum = "cursor:pointer"
	styleBody    = "margin:2px 0 4px 18px"
	styleBadge   = "font-family:monospace;font-size:12px;padding:0 4px;border-radius:3px;background:rgba(127,127,127,0.18)"
	styleNote    = "font-size:12px;opacity:0.8"
	stylePre     = "margin:2px 0 0 0;padding:4px 6px;border-radius:3px;background:rgba(127,127,127,0.14);" +
		"font-family:monospace;font-size:12px;white-space:pre;overflow-x:auto"
	styleCode    = "font-family:monospace;font-size:12px;padding:0 3px;border-radius:3px;background:rgba(127,127,127,0.18)"
	styleHeading = "font-weight:600;margin:6px 0 0 0"
	stylePara    = "margin:2px 0"

	colorWarn    = "#d08c00"
	colorWarnBg  = "rgba(232,162,0,0.12)"
	colorFixed   = "#2e9e4f"
	colorFixedBg = "rgba(46,158,79,0.12)"
	colorInfo    = "#4a7fd6"
	colorInfoBg  = "rgba(74,127,214,0.10)"

	iconWarn  = "&#9888;"  // ⚠ issues to review, or a problem with the notice itself
	iconFixed = "&#10004;" // ✔ every finding was fixed before the cell ran
	iconInfo  = "&#8505;"  // ℹ answers to %gokmig lines
)

// state is the notice's look: its colours and icon.
type state struct{ color, bg, icon string }

var (
	stateWarn  = state{colorWarn, colorWarnBg, iconWarn}
	stateFixed = state{colorFixed, colorFixedBg, iconFixed}
	stateInfo  = state{colorInfo, colorInfoBg, iconInfo}
)

// findingsState is warn while any finding is open, fixed once all are.
func (n *notice) findingsState() state {
	if _, open := n.counts(); open == 0 {
		return stateFixed
	}
	return stateWarn
}

// html renders the notice for notebooks: one summary line, open by
// default, over one collapsed line per finding; each finding opens on its
// fix and what the fix's safety means, and each rule's documentation opens
// once at the end, so the notice stays about as tall as the findings list.
// JupyterLab renders it as is in the notebooks it trusts (those run or
// saved by this user); in an untrusted one its sanitizer drops <details>
// and <summary> but keeps their content, so the notice reads unfolded.
func (n *notice) html() string {
	var b strings.Builder
	esc := html.EscapeString
	if lines, warn := n.statusLines(); len(lines) > 0 {
		st := stateInfo
		if warn {
			st = stateWarn
		}
		fmt.Fprintf(&b, `<div data-gokmig="status" style="`+styleBox+`">`, st.color, st.bg)
		for _, m := range lines {
			fmt.Fprintf(&b, `<div>%s %s</div>`, st.icon, esc(m))
		}
		b.WriteString(`</div>`)
	}
	if len(n.Findings) == 0 {
		return b.String()
	}
	st := n.findingsState()
	fmt.Fprintf(&b, `<details open data-gokmig="findings" style="`+styleBox+`">`, st.color, st.bg)
	fmt.Fprintf(&b, `<summary style="%s">%s %s <span style="%s;font-weight:400">&middot; target: %s</span></summary>`,
		styleSummary, st.icon, esc(n.title()), styleNote, esc(targetName(n.Target)))
	shown, more := n.shown()
	for _, f := range shown {
		fmt.Fprintf(&b, `<details data-gokmig="finding" style="%s"><summary style="%s">`, styleItem, styleItemSum)
		fmt.Fprintf(&b, `<span style="%s">line %d</span> <span style="%s">%s</span> `, styleBadge, f.Line, styleBadge, esc(f.Code))
		if f.Fixed {
			b.WriteString(`fixed: `)
		}
		fmt.Fprintf(&b, `%s</summary><div style="%s">`, richText(f.Message), styleBody)
		if f.Fix != nil {
			fmt.Fprintf(&b, `<div><b>%s</b>: %s</div>`, esc(fixLabel(f)), richText(f.Fix.Title))
			if f.Fix.Visible != "" {
				fmt.Fprintf(&b, `<div><b>visible change</b>: %s</div>`, richText(f.Fix.Visible))
			}
			if f.Fix.Text != "" {
				fmt.Fprintf(&b, `<pre style="%s">%s</pre>`, stylePre, esc(strings.TrimRight(f.Fix.Text, "\n")))
			}
		}
		fmt.Fprintf(&b, `<div style="%s">%s Rule <code style="%s">%s</code>, explained below and by <code style="%s">%s</code>.</div>`,
			styleNote, esc(safetyNote(f)), styleCode, esc(f.Rule), styleCode, esc(explainCommand(f.Rule)))
		b.WriteString(`</div></details>`)
	}
	if more > 0 {
		fmt.Fprintf(&b, `<div style="%s">%s</div>`, styleItem, esc(moreLine(more)))
	}
	for _, block := range n.codeBlocks() {
		fmt.Fprintf(&b, `<details data-gokmig="code" style="%s"><summary style="%s">%s</summary><pre style="%s">%s</pre></details>`,
			styleItem, styleItemSum, esc(block.title), stylePre, esc(strings.TrimRight(block.code, "\n")))
	}
	for _, name := range ruleNames(shown) {
		r := ruleDoc(name)
		if r == nil || r.Doc == "" {
			continue
		}
		fmt.Fprintf(&b, `<details data-gokmig="rule" style="%s"><summary style="%s">About rule <code style="%s">%s</code> (%s): %s</summary><div style="%s">`,
			styleItem, styleItemSum, styleCode, esc(r.Name), esc(r.Code), richText(r.Title), styleBody)
		b.WriteString(markdownHTML(r.Doc))
		fmt.Fprintf(&b, `<div style="%s">The same text in a terminal: <code style="%s">%s</code></div></div></details>`,
			styleNote, styleCode, esc(explainCommand(r.Name)))
	}
	b.WriteString(`</details>`)
	return b.String()
}

// convertedTitle introduces the cell with all its safe fixes applied.
const convertedTitle = "With the safe fixes, as gokmig-kernel convert writes it, the cell reads"

// richText escapes s for HTML and shows its `backquoted` spans, as rule
// messages write code, in a code font.
func richText(s string) string {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 {
		return html.EscapeString(s) // unbalanced: keep the backquotes
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 {
			fmt.Fprintf(&b, `<code style="%s">%s</code>`, styleCode, html.EscapeString(p))
			continue
		}
		b.WriteString(html.EscapeString(p))
	}
	return b.String()
}

// markdownHTML renders the small Markdown the rule docs use: "## "
// headings, fenced code, paragraphs and "- " list items, with `code`
// spans. Anything else reads as plain paragraph text, escaped.
func markdownHTML(doc string) string {
	var b, para strings.Builder
	flush := func() {
		if para.Len() > 0 {
			fmt.Fprintf(&b, `<div style="%s">%s</div>`, stylePara, richText(para.String()))
			para.Reset()
		}
	}
	lines := strings.Split(doc, "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], " \t\r")
		switch {
		case strings.HasPrefix(line, "```"):
			flush()
			var code []string
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), "```"); i++ {
				code = append(code, lines[i])
			}
			fmt.Fprintf(&b, `<pre style="%s">%s</pre>`, stylePre, html.EscapeString(strings.Join(code, "\n")))
		case strings.HasPrefix(line, "#"):
			flush()
			fmt.Fprintf(&b, `<div style="%s">%s</div>`, styleHeading, richText(strings.TrimSpace(strings.TrimLeft(line, "#"))))
		case line == "":
			flush()
		case strings.HasPrefix(line, "- "):
			flush()
			para.WriteString("• " + line[2:])
		default:
			if para.Len() > 0 {
				para.WriteByte(' ')
			}
			para.WriteString(strings.TrimSpace(line))
		}
	}
	flush()
	return b.String()
}
