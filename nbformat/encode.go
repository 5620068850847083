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
// Every writer escapes '"', '\\' and the control characters; \n, \r and \t
// always have their short forms.
func (st style) appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
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
	return append(dst, '"')
}

// appendU appends a \uXXXX escape for r (at most 0xFFFF).
func (st style) appendU(dst []byte, r rune) []byte {
	digits := "0123456789abcdef"
	if st.upperHex {
		digits = "0123456789ABCDEF"
	}
	return append(dst, '\\', 'u', digits[r>>12&0xF], digits[r>>8&0xF], digits[r>>4&0xF], digits[r&0xF])
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
		switch r {
		case '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, '\u2028', '\u2029':
		default:
			continue
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
// the file's other lists.
func (nb *Notebook) encodeSource(c *cell, src string) []byte {
	if !c.list {
		return nb.style.appendString(make([]byte, 0, len(src)+2), src)
	}
	lines := splitLines(src)
	if len(lines) == 0 {
		return []byte("[]")
	}
	l := nb.layoutFor(c)
	out := make([]byte, 0, len(src)+len(lines)*(len(l.sep)+3)+len(l.open)+len(l.close)+2)
	out = append(out, '[')
	out = append(out, l.open...)
	for i, line := range lines {
		if i > 0 {
			out = append(out, l.sep...)
		}
		out = nb.style.appendString(out, line)
	}
	out = append(out, l.close...)
	return append(out, ']')
}
