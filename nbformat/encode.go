package nbformat

import (
	"bytes"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// style is how the file's writer escapes strings. Each choice follows the
// majority of the evidence in the file; with none, it follows nbformat
// (Python's json with ensure_ascii=False), the commonest writer.
type style struct {
	asciiOnly     bool // non-ASCII as \uXXXX (Python's ensure_ascii=True)
	escapeSlash   bool // "/" as "\/" (PHP, some hand-written files)
	escapeHTML    bool // < > & as \u003c \u003e \u0026 (Go's encoding/json)
	escapeLineSep bool // U+2028 U+2029 as \u2028 \u2029 (Go, JavaScript-safe writers)
	longBF        bool // \b \f as \u0008 \u000c (older Go)
	upperHex      bool // \u00E9 rather than \u00e9
}

func (st styleStats) decide() style {
	return style{
		asciiOnly:   st.escNonASCII > st.rawNonASCII,
		escapeSlash: st.escSlash > st.rawSlash,
		escapeHTML:  st.escHTML > st.rawHTML,
		// Writers that escape HTML (Go) also escape the line separators.
		escapeLineSep: st.escLineSep > st.rawLineSep ||
			st.escLineSep == 0 && st.rawLineSep == 0 && st.escHTML > st.rawHTML,
		longBF:   st.longBF > st.shortBF,
		upperHex: st.upperHex > st.lowerHex,
	}
}

// appendString appends s as a JSON string literal written in style st.
func (st style) appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	dst = st.appendContents(dst, s)
	return append(dst, '"')
}

// appendContents appends s as the contents of a JSON string, between the
// quotes, written in style st. Every writer escapes '"', '\\' and the
// control characters; \n, \r and \t always have their short forms.
func (st style) appendContents(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '"' || c == '\\':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c == '\b' && !st.longBF:
				dst = append(dst, '\\', 'b')
			case c == '\f' && !st.longBF:
				dst = append(dst, '\\', 'f')
			case c < 0x20,
				c == 0x7f && st.asciiOnly, // Python's ensure_ascii escapes DEL too
				(c == '<' || c == '>' || c == '&') && st.escapeHTML:
				dst = st.appendU(dst, rune(c))
			case c == '/' && st.escapeSlash:
				dst = append(dst, '\\', '/')
			default:
				dst = append(dst, c)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case st.asciiOnly && r > 0xFFFF:
			hi, lo := utf16.EncodeRune(r)
			dst = st.appendU(st.appendU(dst, hi), lo)
		case st.asciiOnly, (r == '\u2028' || r == '\u2029') && st.escapeLineSep:
			dst = st.appendU(dst, r)
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return dst
}

// appendU appends a \uXXXX escape for r (at most 0xFFFF).
func (st style) appendU(dst []byte, r rune) []byte {
	digits := "0123456789abcdef"
	if st.upperHex {
		digits = "0123456789ABCDEF"
	}
	return append(dst, '\\', 'u', digits[r>>12&0xF], digits[r>>8&0xF], digits[r>>4&0xF], digits[r&0xF])
}

// isLineEnd reports whether r ends a line for splitLines ('\r' too, which
// may be followed by '\n').
func isLineEnd(r rune) bool {
	switch r {
	case '\r', '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, '\u2028', '\u2029':
		return true
	}
	return false
}

// splitLines splits s the way nbformat does before writing a source as a
// list: Python's str.splitlines(keepends=True). Besides \n, \r\n and \r,
// that ends lines at \v, \f, \x1c-\x1e, U+0085, U+2028 and U+2029; matching
// it keeps an edited cell byte-identical to what Jupyter would save.
func splitLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if !isLineEnd(r) {
			continue
		}
		if r == '\r' && i < len(s) && s[i] == '\n' {
			i++
		}
		lines = append(lines, s[start:i])
		start = i
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}

// listLayout is the whitespace of a JSON list of strings: after '[', between
// items (the comma included) and before ']'.
type listLayout struct {
	open, sep, close string
}

// layoutFor returns the layout for a new value of c's source list. A list
// with two or more items shows the whole layout; one item shows all but the
// separator; an empty list shows nothing, so the layout is borrowed from
// another cell's list, re-indented, or else derived from the file's
// indentation.
func (nb *Notebook) layoutFor(c *cell) listLayout {
	d := nb.data
	switch {
	case c.items >= 2:
		return listLayout{
			open:  string(d[c.start+1 : c.firstStart]),
			sep:   string(d[c.firstEnd:c.secondStart]),
			close: string(d[c.lastEnd : c.end-1]),
		}
	case c.items == 1:
		l := listLayout{open: string(d[c.start+1 : c.firstStart]), close: string(d[c.lastEnd : c.end-1])}
		// One item per line, or padded: the next item starts like the first.
		l.sep = "," + l.open
		if l.open == "" {
			l.sep = "," + nb.inlineSep
		}
		return l
	}
	if donor := nb.layoutDonor(); donor != nil {
		l, from, to := nb.layoutFor(donor), lineIndent(d, donor.start), lineIndent(d, c.start)
		return listLayout{reindent(l.open, from, to), reindent(l.sep, from, to), reindent(l.close, from, to)}
	}
	if nb.newline == "" { // not pretty-printed
		return listLayout{sep: "," + nb.inlineSep}
	}
	open := nb.newline + lineIndent(d, c.start) + nb.indentUnit
	return listLayout{open: open, sep: "," + open, close: nb.newline + lineIndent(d, c.start)}
}

// layoutDonor returns the first cell whose source list shows a full layout:
// two items or more, else one item on its own line. Nil if there is none.
func (nb *Notebook) layoutDonor() *cell {
	var single *cell
	for i := range nb.cells {
		c := &nb.cells[i]
		switch {
		case !c.list:
		case c.items >= 2:
			return c
		case c.items == 1 && single == nil && bytes.IndexByte(nb.data[c.start:c.firstStart], '\n') >= 0:
			single = c
		}
	}
	return single
}

// lineIndent returns the spaces and tabs that start the line holding off.
func lineIndent(d []byte, off int) string {
	start := off
	for start > 0 && d[start-1] != '\n' {
		start--
	}
	end := start
	for end < off && (d[end] == ' ' || d[end] == '\t') {
		end++
	}
	return string(d[start:end])
}

// reindent moves whitespace taken from a line indented by from to a line
// indented by to: every line break followed by from is followed by to instead.
func reindent(ws, from, to string) string {
	if from == to || !strings.Contains(ws, "\n") {
		return ws
	}
	parts := strings.Split(ws, "\n")
	for i := 1; i < len(parts); i++ {
		if rest, ok := strings.CutPrefix(parts[i], from); ok {
			parts[i] = to + rest
		}
	}
	return strings.Join(parts, "\n")
}

// encodeSource returns the JSON for a new value of c's source, in the same
// form as the old one: one string, or nbformat's list of lines laid out like
// the file's other lists. A line the new source shares with the old one
// keeps the file's bytes for it, so a change shows only where the text
// changed: a hand-written escape, or a lone surrogate escape (which reads as
// U+FFFD and could not be written back), stays as it was.
func (nb *Notebook) encodeSource(c *cell, src string) []byte {
	lines := splitLines(src)
	kept := keptLines(nb.originalLines(c), lines)
	appendLine := func(dst []byte, i int) []byte {
		if kept[i] != nil {
			return append(dst, kept[i]...)
		}
		return nb.style.appendContents(dst, lines[i])
	}
	if !c.list {
		out := make([]byte, 0, len(src)+2)
		out = append(out, '"')
		for i := range lines {
			out = appendLine(out, i)
		}
		return append(out, '"')
	}
	if len(lines) == 0 {
		return []byte("[]")
	}
	l := nb.layoutFor(c)
	out := make([]byte, 0, len(src)+len(lines)*(len(l.sep)+3)+len(l.open)+len(l.close)+2)
	out = append(out, '[')
	out = append(out, l.open...)
	for i := range lines {
		if i > 0 {
			out = append(out, l.sep...)
		}
		out = append(out, '"')
		out = appendLine(out, i)
		out = append(out, '"')
	}
	out = append(out, l.close...)
	return append(out, ']')
}

// rawLine is a line of a source as the file has it: its text, and its bytes
// between the quotes of the JSON string that holds it (nil for a line split
// across two strings of a list, whose bytes cannot be reused as one).
type rawLine struct {
	text string
	raw  []byte
}

// originalLines returns the lines of c's source as read from the file.
func (nb *Notebook) originalLines(c *cell) []rawLine {
	if !c.list {
		return rawLines(nil, nb.data[c.start+1:c.end-1], false)
	}
	var lines []rawLine
	s := &scanner{data: nb.data, pos: c.start}
	continued := false // the previous string did not end its last line
	s.array(func(int) error {
		start, end, _, err := s.str() // read before: valid strings
		raw := nb.data[start+1 : end-1]
		lines = rawLines(lines, raw, continued)
		continued = len(lines) > 0 && !endsLine(lines[len(lines)-1].text)
		return err
	})
	return lines
}

// endsLine reports whether text ends with a line break.
func endsLine(text string) bool {
	r, _ := utf8.DecodeLastRuneInString(text)
	return text != "" && isLineEnd(r)
}

// rawLines appends the lines of the validated string contents raw to lines.
// If continued, raw's first line continues the last line of lines: the two
// are merged, without bytes.
func rawLines(lines []rawLine, raw []byte, continued bool) []rawLine {
	start := 0
	emit := func(end int) {
		line := rawLine{text: decodeString(raw[start:end]), raw: raw[start:end]}
		if continued && len(lines) > 0 {
			prev := &lines[len(lines)-1]
			prev.text, prev.raw = prev.text+line.text, nil
		} else {
			lines = append(lines, line)
		}
		continued = false
		start = end
	}
	for i := 0; i < len(raw); {
		r, size := unitAt(raw, i)
		i += size
		if !isLineEnd(r) {
			continue
		}
		if r == '\r' && i < len(raw) {
			if next, size := unitAt(raw, i); next == '\n' {
				i += size
			}
		}
		emit(i)
	}
	if start < len(raw) {
		emit(len(raw))
	}
	return lines
}

// unitAt decodes the character or escape at raw[i] of validated string
// contents. A surrogate escape gives the surrogate alone, which is never a
// line break.
func unitAt(raw []byte, i int) (r rune, size int) {
	if raw[i] != '\\' {
		return utf8.DecodeRune(raw[i:])
	}
	switch e := raw[i+1]; e {
	case 'u':
		return hexRune(raw[i+2 : i+6]), 6
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 'f':
		return '\f', 2
	default:
		return rune(e), 2 // b t " \\ / : never line breaks
	}
}

// keptLines pairs the new lines with old lines of the same text, whose
// bytes can be kept: the unchanged lines at the start and the end by
// position, and those in between by text, in order. kept[i] is nil where
// lines[i] must be encoded.
func keptLines(old []rawLine, lines []string) [][]byte {
	kept := make([][]byte, len(lines))
	head := 0
	for head < len(old) && head < len(lines) && old[head].text == lines[head] {
		kept[head] = old[head].raw
		head++
	}
	tail := 0
	for tail < len(old)-head && tail < len(lines)-head && old[len(old)-1-tail].text == lines[len(lines)-1-tail] {
		kept[len(lines)-1-tail] = old[len(old)-1-tail].raw
		tail++
	}
	byText := map[string][][]byte{}
	for _, l := range old[head : len(old)-tail] {
		if l.raw != nil {
			byText[l.text] = append(byText[l.text], l.raw)
		}
	}
	for i := head; i < len(lines)-tail; i++ {
		if raws := byText[lines[i]]; len(raws) > 0 {
			kept[i], byText[lines[i]] = raws[0], raws[1:]
		}
	}
	return kept
}
