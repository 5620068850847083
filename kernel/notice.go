package kernel

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf8"

	"github.com/gokmig/gokmig/cellfix"
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
	if n.Change == nil || len(n.Change.Before)+len(n.Change.After) > maxConvertedMetadata {
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
		used += len(f.Message) + len(f.URL)
		if f.Fix != nil {
			fix := *f.Fix
			fix.Title = clip(fix.Title, maxMessageBytes)
			fix.Text = clipLines(fix.Text, maxFixLines, maxFixLineBytes)
			f.Fix = &fix
			used += len(fix.Title) + len(fix.Text)
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
		"transient": map[string]any{},
	}
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

// text renders the notice for terminals: jupyter console, nbconvert to
// text, logs.
func (n *notice) text() string {
	var b strings.Builder
	for _, m := range n.Magic {
		fmt.Fprintf(&b, "[gokmig] %s\n", m)
	}
	for _, p := range n.Problems {
		fmt.Fprintf(&b, "[gokmig] %s\n", p)
	}
	if n.Unchecked != "" {
		fmt.Fprintf(&b, "[gokmig] %s\n", n.Unchecked)
	}
	if n.Restored != "" {
		fmt.Fprintf(&b, "[gokmig] %s\n", n.Restored)
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
				verb := "fix"
				if f.Fixed {
					verb = "now"
				}
				fmt.Fprintf(&b, "    %s (%s): %s\n", verb, f.Fix.Safety, f.Fix.Title)
				for _, line := range strings.Split(strings.TrimRight(f.Fix.Text, "\n"), "\n") {
					if line != "" || f.Fix.Text != "" {
						fmt.Fprintf(&b, "      | %s\n", line)
					}
				}
			}
			if f.URL != "" {
				fmt.Fprintf(&b, "    docs: %s\n", f.URL)
			}
		}
		if more > 0 {
			fmt.Fprintf(&b, "  %s\n", moreLine(more))
		}
	}
	if n.Converted != "" {
		fmt.Fprintf(&b, "[gokmig] %s:\n", convertedTitle)
		for _, line := range strings.Split(strings.TrimRight(n.convertedShown(), "\n"), "\n") {
			fmt.Fprintf(&b, "  | %s\n", line)
		}
	}
	if n.Change != nil {
		fmt.Fprintf(&b, "[gokmig] %s:\n%s", changeTitle, n.changeShown())
	}
	return strings.TrimRight(b.String(), "\n")
}

// Inline styles only: JupyterLab drops <style> and <script> from untrusted
// output and keeps only inline CSS values its sanitizer recognizes (no
// var(), no "inherit" colours). Colours are translucent over the page
// background and text keeps the theme's colour, so the box reads in light
// and dark themes.
const (
	styleBox = "margin:4px 0;padding:6px 10px;border-left:4px solid %s;border-radius:4px;" +
		"background:%s;font-family:inherit;font-size:13px;line-height:1.45"
	styleTitle   = "font-weight:600;margin-bottom:2px"
	styleItem    = "margin:6px 0 2px 0"
	styleBadge   = "font-family:monospace;font-size:12px;padding:0 4px;border-radius:3px;background:rgba(127,127,127,0.18)"
	styleFixLine = "margin:2px 0 0 0;opacity:0.9"
	stylePre     = "margin:2px 0 0 0;padding:4px 6px;border-radius:3px;background:rgba(127,127,127,0.14);" +
		"font-family:monospace;font-size:12px;white-space:pre-wrap"
	styleLink = "font-size:12px;text-decoration:underline"
	styleCode = "font-family:monospace;font-size:12px;padding:0 3px;border-radius:3px;background:rgba(127,127,127,0.18)"

	colorWarn    = "#e8a200"
	colorWarnBg  = "rgba(232,162,0,0.12)"
	colorFixed   = "#2e9e4f"
	colorFixedBg = "rgba(46,158,79,0.12)"
	colorInfo    = "#4a7fd6"
	colorInfoBg  = "rgba(74,127,214,0.10)"
)

// html renders the notice as a compact box in the style of Colab's notices.
func (n *notice) html() string {
	var b strings.Builder
	esc := html.EscapeString
	lines := append(append([]string{}, n.Magic...), n.Problems...)
	if n.Unchecked != "" {
		lines = append(lines, n.Unchecked)
	}
	if n.Restored != "" {
		lines = append(lines, n.Restored)
	}
	if len(lines) > 0 {
		color, bg := colorInfo, colorInfoBg
		if len(n.Problems) > 0 || n.Unchecked != "" {
			color, bg = colorWarn, colorWarnBg
		}
		fmt.Fprintf(&b, `<div style="`+styleBox+`">`, color, bg)
		for _, m := range lines {
			fmt.Fprintf(&b, `<div>%s</div>`, esc(m))
		}
		b.WriteString(`</div>`)
	}
	if len(n.Findings) == 0 {
		return b.String()
	}
	color, bg := colorWarn, colorWarnBg
	if _, open := n.counts(); open == 0 {
		color, bg = colorFixed, colorFixedBg
	}
	fmt.Fprintf(&b, `<div style="`+styleBox+`">`, color, bg)
	fmt.Fprintf(&b, `<div style="%s">&#9888; %s</div>`, styleTitle, esc(n.title()))
	fmt.Fprintf(&b, `<div style="font-size:12px;opacity:0.8">Target: %s</div>`, esc(targetName(n.Target)))
	shown, more := n.shown()
	for _, f := range shown {
		fmt.Fprintf(&b, `<div style="%s">`, styleItem)
		status := ""
		if f.Fixed {
			status = "fixed: "
		}
		fmt.Fprintf(&b, `<span style="%s">line %d</span> <span style="%s">%s</span> %s%s`,
			styleBadge, f.Line, styleBadge, esc(f.Code), esc(status), richText(f.Message))
		if f.Fix != nil {
			label := "Suggested fix"
			if f.Fixed {
				label = "Applied fix"
			}
			fmt.Fprintf(&b, `<div style="%s">%s (%s): %s</div>`, styleFixLine, label, esc(f.Fix.Safety), richText(f.Fix.Title))
			if f.Fix.Text != "" {
				fmt.Fprintf(&b, `<pre style="%s">%s</pre>`, stylePre, esc(strings.TrimRight(f.Fix.Text, "\n")))
			}
		}
		if f.URL != "" {
			fmt.Fprintf(&b, `<div><a href="%s" target="_blank" rel="noopener noreferrer" style="%s">%s: about this rule</a></div>`,
				esc(f.URL), styleLink, esc(f.Rule))
		}
		b.WriteString(`</div>`)
	}
	if more > 0 {
		fmt.Fprintf(&b, `<div style="%s">%s</div>`, styleItem, esc(moreLine(more)))
	}
	if n.Converted != "" {
		fmt.Fprintf(&b, `<div style="%s">%s:</div><pre style="%s">%s</pre>`,
			styleItem, esc(convertedTitle), stylePre, esc(strings.TrimRight(n.convertedShown(), "\n")))
	}
	if n.Change != nil {
		fmt.Fprintf(&b, `<div style="%s">%s:</div><pre style="%s">%s</pre>`,
			styleItem, esc(changeTitle), stylePre, esc(strings.TrimRight(n.changeShown(), "\n")))
	}
	b.WriteString(`</div>`)
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
