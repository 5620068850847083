package nbformat

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds nesting so hostile input cannot exhaust the stack.
// Python's json module, which Jupyter reads notebooks with, gives up at
// about the same depth, so no notebook Jupyter can open is refused.
const maxDepth = 1000

// scanner is a strict JSON reader over the raw notebook bytes. It builds no
// document tree: Parse walks objects and arrays with callbacks and picks out
// the few values it needs, while everything else is validated and skipped.
// Values are located by byte offsets so they can be replaced in place later.
//
// The grammar is RFC 8259 plus NaN, Infinity and -Infinity, which Python's
// json module reads and nbformat writes (e.g. in widget state), so they occur
// in real notebooks. The input must already be valid UTF-8.
type scanner struct {
	data  []byte
	pos   int
	depth int

	// style tallies how the file's strings are escaped, so that new text can
	// be written the way the rest of the file was.
	style styleStats

	// inlineSep is the whitespace that follows a comma when it does not
	// start a new line (for a one-line list: ", " or ","); "" until seen.
	inlineSep     string
	inlineSepSeen bool
}

// styleStats counts, over every string in the file, each choice a JSON
// writer makes between writing a character raw and escaping it.
type styleStats struct {
	rawNonASCII, escNonASCII int // é vs \u00e9
	rawSlash, escSlash       int // / vs \/
	rawHTML, escHTML         int // < > & vs \u003c \u003e \u0026
	rawLineSep, escLineSep   int // U+2028/U+2029 raw vs \u2028
	shortBF, longBF          int // \b \f vs \u0008 \u000c
	lowerHex, upperHex       int // \u00e9 vs \u00E9
}

const eof = -1

func (s *scanner) peek() int {
	if s.pos < len(s.data) {
		return int(s.data[s.pos])
	}
	return eof
}

func (s *scanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *scanner) fail(off int, format string, args ...any) error {
	return &syntaxError{off: off, msg: fmt.Sprintf(format, args...)}
}

// unexpected reports the byte at s.pos, which does not fit the grammar.
func (s *scanner) unexpected(want string) error {
	if s.pos >= len(s.data) {
		return s.fail(s.pos, "unexpected end of file, expected %s", want)
	}
	r, _ := utf8.DecodeRune(s.data[s.pos:])
	return s.fail(s.pos, "unexpected character %q, expected %s", r, want)
}

// value validates and skips one value starting at s.pos (after whitespace).
func (s *scanner) value() error {
	s.skipSpace()
	switch c := s.peek(); {
	case c == '{':
		return s.object(nil)
	case c == '[':
		return s.array(nil)
	case c == '"':
		_, _, _, err := s.str()
		return err
	case c == '-' || '0' <= c && c <= '9':
		return s.number()
	case 'a' <= c|0x20 && c|0x20 <= 'z':
		return s.literal()
	default:
		return s.unexpected("a value")
	}
}

func (s *scanner) enter(open int) error {
	s.depth++
	if s.depth > maxDepth {
		return s.fail(open, "nested more than %d levels deep", maxDepth)
	}
	return nil
}

// object reads the object at s.pos. For each member it calls member with the
// decoded key and s.pos at the value; member must consume exactly that value.
// A nil member skips every value.
func (s *scanner) object(member func(key []byte) error) error {
	open := s.pos
	if err := s.enter(open); err != nil {
		return err
	}
	s.pos++
	s.skipSpace()
	if s.peek() == '}' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		if s.peek() != '"' {
			return s.unexpected("a string in double quotes as object key")
		}
		start, end, escaped, err := s.str()
		if err != nil {
			return err
		}
		key := s.data[start+1 : end-1]
		if escaped {
			key = []byte(decodeString(key))
		}
		s.skipSpace()
		if s.peek() != ':' {
			return s.unexpected("':' after object key")
		}
		s.pos++
		s.skipSpace()
		if member != nil {
			err = member(key)
		} else {
			err = s.value()
		}
		if err != nil {
			return err
		}
		if closed, err := s.afterItem(open, '}', "',' or '}' after object member"); err != nil || closed {
			return err
		}
	}
}

// array reads the array at s.pos, calling elem with each element's index and
// s.pos at the element; elem must consume exactly that value. A nil elem skips
// every element.
func (s *scanner) array(elem func(i int) error) error {
	open := s.pos
	if err := s.enter(open); err != nil {
		return err
	}
	s.pos++
	s.skipSpace()
	if s.peek() == ']' {
		s.pos++
		s.depth--
		return nil
	}
	for i := 0; ; i++ {
		var err error
		if elem != nil {
			err = elem(i)
		} else {
			err = s.value()
		}
		if err != nil {
			return err
		}
		if closed, err := s.afterItem(open, ']', "',' or ']' after list item"); err != nil || closed {
			return err
		}
	}
}

// afterItem reads what follows an object member or array element: a comma
// (closed is false) or the closing bracket of the container opened at open.
func (s *scanner) afterItem(open int, closer byte, expected string) (closed bool, err error) {
	s.skipSpace()
	switch s.peek() {
	case ',':
		return false, s.comma(closer)
	case int(closer):
		s.pos++
		s.depth--
		return true, nil
	case eof:
		return false, s.unclosed(open)
	}
	return false, s.unexpected(expected)
}

// comma consumes a separator, rejecting the trailing comma that hand-edited
// notebooks often contain, and notes how one-line lists are spaced.
func (s *scanner) comma(closer byte) error {
	at := s.pos
	s.pos++
	s.skipSpace()
	if s.peek() == int(closer) {
		return s.fail(at, "trailing comma before '%c'", closer)
	}
	if !s.inlineSepSeen {
		if ws := s.data[at+1 : s.pos]; !bytes.ContainsAny(ws, "\r\n") {
			s.inlineSep, s.inlineSepSeen = string(ws), true
		}
	}
	return nil
}

func (s *scanner) unclosed(open int) error {
	line, col := lineCol(s.data, open)
	return s.fail(s.pos, "unexpected end of file: '%c' opened at line %d, column %d is never closed", s.data[open], line, col)
}

// str reads the string at s.pos and returns its span, quotes included, and
// whether it contains escapes (if not, its bytes are its value). Only the
// escapes are tallied here; the raw characters a writer could have escaped
// are counted once over the whole file by countRaw.
func (s *scanner) str() (start, end int, escaped bool, err error) {
	start = s.pos
	s.pos++
	for {
		s.pos = skipRaw(s.data, s.pos)
		if s.pos >= len(s.data) {
			return 0, 0, false, s.fail(start, "string is never closed")
		}
		switch c := s.data[s.pos]; {
		case c == '"':
			s.pos++
			return start, s.pos, escaped, nil
		case c == '\\':
			escaped = true
			if err := s.escape(); err != nil {
				return 0, 0, false, err
			}
		case c == '\n':
			return 0, 0, false, s.fail(start, "string is not closed on its line (a raw line break must be written \\n)")
		default: // below 0x20
			return 0, 0, false, s.fail(s.pos, "raw control character U+%04X in string (must be escaped)", c)
		}
	}
}

// skipRaw returns the offset of the first byte at or after i that ends a
// run of raw string characters (see stringStop), or len(data). It steps
// eight bytes at a time, as notebook strings are mostly long runs of text.
func skipRaw(data []byte, i int) int {
	for ; i+8 <= len(data); i += 8 {
		if m := stopsInWord(binary.LittleEndian.Uint64(data[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for i < len(data) && !stringStop[data[i]] {
		i++
	}
	return i
}

const (
	ones  = 0x0101010101010101 // 0x01 in every byte
	highs = 0x8080808080808080 // 0x80 in every byte
)

// stopsInWord marks the bytes of w (read little-endian) that are in
// stringStop, below 0x20, '"' or '\\', by their high bit; a byte after a
// marked one may be marked too, so only the lowest mark is exact.
// (x - ones*n) &^ x marks the bytes of x below n (for n <= 0x80), and a byte
// of w equals c exactly when that byte of w^(ones*c) is zero, below 1.
func stopsInWord(w uint64) uint64 {
	quote, backslash := w^(ones*'"'), w^(ones*'\\')
	return ((w-ones*0x20)&^w | (quote-ones)&^quote | (backslash-ones)&^backslash) & highs
}

// stringStop marks the bytes that end a run of raw characters in a string.
var stringStop = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// countRaw tallies the raw characters of data's strings that some writers
// escape ('/', '<', '>', '&', non-ASCII, U+2028 and U+2029), once the
// escapes are tallied: data is a whole valid document without its byte
// order mark. JSON allows none of these bytes outside strings, so counting
// them over the whole file counts them in the strings, with a SIMD search
// instead of a test per byte of text. A '/' is raw unless it ends "\/".
//
// Only the kinds some string escapes are counted: decide weighs a raw
// count only against a nonzero escaped one (the line separators also when
// HTML is escaped), and most files escape none of them.
func (st *styleStats) countRaw(data []byte) {
	if st.escSlash > 0 {
		st.rawSlash = bytes.Count(data, []byte("/")) - st.escSlash
	}
	if st.escHTML > 0 {
		st.rawHTML = bytes.Count(data, []byte("<")) + bytes.Count(data, []byte(">")) + bytes.Count(data, []byte("&"))
	}
	if st.escNonASCII > 0 {
		st.rawNonASCII = countLeadBytes(data)
	}
	if st.escLineSep > 0 || st.escHTML > 0 {
		st.rawLineSep = bytes.Count(data, []byte("\u2028")) + bytes.Count(data, []byte("\u2029"))
	}
}

// countLeadBytes counts the bytes 0xC0 and above in data: in valid UTF-8,
// the characters outside ASCII. A byte is one when its top two bits are set:
// w & (w<<1) moves each byte's bit 6 under its bit 7.
func countLeadBytes(data []byte) int {
	n, i := 0, 0
	for ; i+8 <= len(data); i += 8 {
		w := binary.LittleEndian.Uint64(data[i:])
		n += bits.OnesCount64(w & (w << 1) & highs)
	}
	for ; i < len(data); i++ {
		if data[i] >= 0xC0 {
			n++
		}
	}
	return n
}

// strValue reads the string at s.pos and returns its value.
func (s *scanner) strValue() (string, error) {
	start, end, _, err := s.str()
	if err != nil {
		return "", err
	}
	return decodeString(s.data[start+1 : end-1]), nil
}

// escape validates the escape sequence at s.pos and tallies its style.
func (s *scanner) escape() error {
	at := s.pos
	if at+1 >= len(s.data) {
		return s.fail(at, "string is never closed")
	}
	switch e := s.data[at+1]; e {
	case '"', '\\', 'n', 'r', 't':
	case '/':
		s.style.escSlash++
	case 'b', 'f':
		s.style.shortBF++
	case 'u':
		if at+6 > len(s.data) {
			return s.fail(at, "incomplete \\u escape")
		}
		hex := s.data[at+2 : at+6]
		var code rune
		upper, lower := false, false
		for _, h := range hex {
			var d byte
			switch {
			case '0' <= h && h <= '9':
				d = h - '0'
			case 'a' <= h && h <= 'f':
				d, lower = h-'a'+10, true
			case 'A' <= h && h <= 'F':
				d, upper = h-'A'+10, true
			default:
				return s.fail(at, "invalid \\u escape %q (want 4 hex digits)", string(s.data[at:at+6]))
			}
			code = code<<4 | rune(d)
		}
		if upper {
			s.style.upperHex++
		}
		if lower {
			s.style.lowerHex++
		}
		switch {
		case code == '\b' || code == '\f':
			s.style.longBF++
		case code == '<' || code == '>' || code == '&':
			s.style.escHTML++
		case code == '\u2028' || code == '\u2029':
			s.style.escLineSep++
			s.style.escNonASCII++
		case code >= 0x80:
			s.style.escNonASCII++
		}
		s.pos += 6
		return nil
	default:
		r, _ := utf8.DecodeRune(s.data[at+1:])
		return s.fail(at, "invalid escape %q in string", `\`+string(r))
	}
	s.pos += 2
	return nil
}

// decodeString returns the value of a string's contents (between the quotes),
// which the scanner has already validated.
func decodeString(raw []byte) string {
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw)
	}
	return string(appendDecoded(make([]byte, 0, len(raw)), raw))
}

// appendDecoded appends the value of validated string contents to dst. A lone
// UTF-16 surrogate, which JSON allows but UTF-8 cannot hold, becomes U+FFFD.
func appendDecoded(dst, raw []byte) []byte {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			j := bytes.IndexByte(raw[i:], '\\')
			if j < 0 {
				return append(dst, raw[i:]...)
			}
			dst = append(dst, raw[i:i+j]...)
			i += j
			continue
		}
		switch e := raw[i+1]; e {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := hexRune(raw[i+2 : i+6])
			i += 6
			if utf16.IsSurrogate(r) {
				if i+6 <= len(raw) && raw[i] == '\\' && raw[i+1] == 'u' {
					if pair := utf16.DecodeRune(r, hexRune(raw[i+2:i+6])); pair != utf8.RuneError {
						r = pair
						i += 6
					}
				}
				if utf16.IsSurrogate(r) {
					r = utf8.RuneError
				}
			}
			dst = utf8.AppendRune(dst, r)
			continue
		default: // '"', '\\', '/'
			dst = append(dst, e)
		}
		i += 2
	}
	return dst
}

func hexRune(h []byte) rune {
	var r rune
	for _, c := range h {
		switch {
		case c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a':
			r = r<<4 | rune(c-'a'+10)
		default:
			r = r<<4 | rune(c-'A'+10)
		}
	}
	return r
}

// number validates a number; its value is never needed except for
// "nbformat", which Parse reads from the span.
func (s *scanner) number() error {
	start := s.pos
	if s.peek() == '-' {
		s.pos++
		if s.peek() == 'I' {
			return s.literal()
		}
	}
	digits := func() int {
		n := 0
		for c := s.peek(); '0' <= c && c <= '9'; c = s.peek() {
			s.pos++
			n++
		}
		return n
	}
	switch c := s.peek(); {
	case c == '0':
		s.pos++
	case '1' <= c && c <= '9':
		digits()
	default:
		return s.fail(start, "invalid number: '-' must be followed by a digit")
	}
	if s.peek() == '.' {
		s.pos++
		if digits() == 0 {
			return s.fail(start, "invalid number %q: a digit must follow '.'", s.data[start:s.pos])
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		s.pos++
		if c := s.peek(); c == '+' || c == '-' {
			s.pos++
		}
		if digits() == 0 {
			return s.fail(start, "invalid number %q: the exponent has no digits", s.data[start:s.pos])
		}
	}
	if c := s.peek(); '0' <= c && c <= '9' {
		return s.fail(start, "invalid number: leading zeros are not allowed")
	}
	return nil
}

var literals = [][]byte{[]byte("true"), []byte("false"), []byte("null"), []byte("NaN"), []byte("Infinity")}

func (s *scanner) literal() error {
	for _, lit := range literals {
		if bytes.HasPrefix(s.data[s.pos:], lit) {
			s.pos += len(lit)
			return nil
		}
	}
	// Name the word, not just its first letter: `True` or `None` from
	// Python code is the usual culprit.
	end := s.pos
	for end < len(s.data) && end-s.pos < 20 && ('a' <= s.data[end]|0x20 && s.data[end]|0x20 <= 'z') {
		end++
	}
	if end > s.pos {
		return s.fail(s.pos, "unknown word %q (JSON has true, false and null)", s.data[s.pos:end])
	}
	return s.unexpected("a value")
}
