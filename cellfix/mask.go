package cellfix

import (
	"iter"
	"regexp"
	"strings"
)

// IPython syntax is not Python: tree-sitter would turn it into ERROR nodes
// and rules could see Python-looking text inside a shell command. mask
// overwrites it with a placeholder of exactly the same byte length ("0"
// followed by spaces, a valid expression statement), so byte offsets and
// line numbers of everything else stay exact.

// pythonCellMagics have a Python body: only their first line is masked.
var pythonCellMagics = map[string]bool{
	"time": true, "timeit": true, "capture": true, "prun": true,
	"debug": true, "memit": true, "mprun": true,
}

// automagics are magics that IPython runs without the % when they start a
// statement, e.g. "pip install keras" or "cd data".
var automagic = regexp.MustCompile(`^(pip|conda|mamba|cd|ls|pwd|mkdir|rmdir|cat|cp|mv|rm|env|load_ext|reload_ext|matplotlib|pushd|popd|alias|unalias|who|whos|reset|history|run|less|more|man|clear|cls)\s+[^\s=(\[.,:+*/%&|^<>!]`)

// assignedMagic matches "files = !ls" and "t = %timeit -o f()".
var assignedMagic = regexp.MustCompile(`^[ \t]*[A-Za-z_][\w.,\[\]() \t*]*?[ \t]*=[ \t]*([!%])`)

// maskIPython returns src with IPython syntax masked and whether the whole
// cell is a non-Python cell magic (%%bash, %%writefile …) to be skipped.
func maskIPython(src string) (masked []byte, skip bool) {
	out := []byte(src)
	first, ok := firstCodeLine(src)
	if ok {
		trimmed := strings.TrimLeft(first.text, " \t")
		if strings.HasPrefix(trimmed, "%%") {
			name := strings.Fields(trimmed[2:])
			if len(name) == 0 || !pythonCellMagics[name[0]] {
				return out, true
			}
			maskRange(out, first.start, first.start+len(first.text))
		}
	}

	var st scanState
	for ln := range lines(src) {
		if st.atStatementStart() && !(ok && ln.start == first.start && strings.HasPrefix(strings.TrimLeft(ln.text, " \t"), "%%")) {
			if from, ok := magicStart(ln.text); ok {
				maskRange(out, ln.start+from, ln.start+len(ln.text))
				continue // a masked line opens no brackets or strings
			}
		}
		st.scan(ln.text)
	}
	return out, false
}

// mayHoldIPython reports whether maskIPython may find IPython syntax in
// src. Without "%", "!" or "?" only an automagic line can be, and
// magicStart takes a line for one only when the automagic expression
// matches it whole (at indent 0): where no line matches, maskIPython gives
// src back as it is, and finding that out costs a look at each line's
// first word instead of a scan of every byte.
func mayHoldIPython(src string) bool {
	if strings.IndexByte(src, '%') >= 0 || strings.IndexByte(src, '!') >= 0 || strings.IndexByte(src, '?') >= 0 {
		return true
	}
	for ln := range lines(src) {
		if mayBeAutomagic(ln.text) && automagic.MatchString(ln.text) {
			return true
		}
	}
	return false
}

type line struct {
	start int
	// text excludes the line terminator.
	text string
}

// lines yields the lines of src one by one, without making a slice of
// them: a script of a million lines would hold one for nothing.
func lines(src string) iter.Seq[line] {
	return func(yield func(line) bool) {
		start := 0
		for start <= len(src) {
			end := strings.IndexByte(src[start:], '\n')
			if end < 0 {
				yield(line{start, strings.TrimSuffix(src[start:], "\r")})
				return
			}
			if !yield(line{start, strings.TrimSuffix(src[start:start+end], "\r")}) {
				return
			}
			start += end + 1
		}
	}
}

// firstCodeLine returns the first line that is neither blank nor a
// comment.
func firstCodeLine(src string) (line, bool) {
	for ln := range lines(src) {
		t := strings.TrimSpace(ln.text)
		if t != "" && !strings.HasPrefix(t, "#") {
			return ln, true
		}
	}
	return line{}, false
}

// magicStart reports where IPython syntax starts on a line, if it has any.
func magicStart(text string) (int, bool) {
	indent := len(text) - len(strings.TrimLeft(text, " \t"))
	t := text[indent:]
	switch {
	case t == "":
		return 0, false
	case t[0] == '%' || t[0] == '!':
		return indent, true
	case t[0] == '?':
		return indent, true
	case strings.HasSuffix(strings.TrimRight(t, " \t"), "?") && !strings.ContainsAny(t, "#'\""):
		return indent, true // obj? and obj??
	case indent == 0 && mayBeAutomagic(t) && automagic.MatchString(t):
		return 0, true
	}
	if mayBeAssignedMagic(text) {
		if m := assignedMagic.FindStringSubmatchIndex(text); m != nil {
			return m[2], true
		}
	}
	return 0, false
}

// mayBeAutomagic is a quick test that rules out most lines before the
// automagic expression runs on them: the line must start with one of its
// words, which is then its whole leading run of lowercase letters and
// underscores (a space must follow it).
func mayBeAutomagic(t string) bool {
	end := 0
	for end < len(t) && (t[end] >= 'a' && t[end] <= 'z' || t[end] == '_') {
		end++
	}
	return automagicWords[t[:end]]
}

// automagicWords are the words of automagic.
var automagicWords = func() map[string]bool {
	words := map[string]bool{}
	expr := automagic.String()
	for _, w := range strings.Split(expr[strings.Index(expr, "(")+1:strings.Index(expr, ")")], "|") {
		words[w] = true
	}
	return words
}()

// mayBeAssignedMagic is a quick test that rules out most lines before the
// assignedMagic expression runs on them: somewhere an "=" must be followed,
// after spaces or tabs, by "!" or "%".
func mayBeAssignedMagic(text string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] != '=' {
			continue
		}
		j := i + 1
		for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
			j++
		}
		if j < len(text) && (text[j] == '!' || text[j] == '%') {
			return true
		}
	}
	return false
}

// maskRange overwrites out[from:to] with "0" and spaces.
func maskRange(out []byte, from, to int) {
	if from >= to {
		return
	}
	out[from] = '0'
	for i := from + 1; i < to; i++ {
		out[i] = ' '
	}
}

// scanState follows strings, brackets and backslash continuations from line
// to line, so that "%" at the start of a continuation line ("a" \n % b) or
// inside a docstring is not taken for a magic. It is deliberately small:
// it knows quotes, escapes, comments and brackets, which is all it needs.
type scanState struct {
	open  string // the open triple quote, if a string spans lines
	depth int    // open ( [ {
	cont  bool   // the previous line ended with a backslash
}

func (s *scanState) atStatementStart() bool {
	return s.open == "" && s.depth == 0 && !s.cont
}

func (s *scanState) scan(text string) {
	s.cont = strings.HasSuffix(text, "\\")
	for i := 0; i < len(text); i++ {
		if s.open != "" {
			if text[i] == '\\' {
				i++
				continue
			}
			if strings.HasPrefix(text[i:], s.open) {
				i += 2
				s.open = ""
			}
			continue
		}
		switch c := text[i]; c {
		case '#':
			return
		case '(', '[', '{':
			s.depth++
		case ')', ']', '}':
			if s.depth > 0 {
				s.depth--
			}
		case '"', '\'':
			q := string([]byte{c, c, c})
			if strings.HasPrefix(text[i:], q) {
				s.open = q
				i += 2
				continue
			}
			// A one-line string: skip to its closing quote.
			for i++; i < len(text) && text[i] != c; i++ {
				if text[i] == '\\' {
					i++
				}
			}
		}
	}
}
