package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// ProtocolVersion is what headers created here claim. It matches ipykernel's
// so that frontends treat the proxy exactly like the kernel behind it.
const ProtocolVersion = "5.3"

// Header is a message header. Fields this package does not know (for
// example "subshell_id") are kept in Extra and written back unchanged.
type Header struct {
	MsgID    string
	Session  string
	Username string
	Date     string
	MsgType  string
	Version  string
	Extra    map[string]json.RawMessage
}

// knownHeaderKeys maps JSON keys to the Header field they fill.
var knownHeaderKeys = []string{"msg_id", "session", "username", "date", "msg_type", "version"}

func (h *Header) field(key string) *string {
	switch key {
	case "msg_id":
		return &h.MsgID
	case "session":
		return &h.Session
	case "username":
		return &h.Username
	case "date":
		return &h.Date
	case "msg_type":
		return &h.MsgType
	case "version":
		return &h.Version
	}
	return nil
}

// ParseHeader decodes a header (or parent header) JSON object. An empty
// object gives a zero Header.
func ParseHeader(data []byte) (Header, error) {
	var h Header
	err := json.Unmarshal(data, &h)
	return h, err
}

// PeekHeader decodes only msg_id and msg_type of a header (or parent
// header): what routing needs, at a fraction of ParseHeader's cost, which
// builds the whole Header to re-encode it. An empty object gives "", "".
func PeekHeader(raw []byte) (msgID, msgType string, err error) {
	if id, typ, ok := peekFlat(raw); ok {
		return id, typ, nil
	}
	var h struct {
		MsgID   string `json:"msg_id"`
		MsgType string `json:"msg_type"`
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		return "", "", fmt.Errorf("header: %w", err)
	}
	return h.MsgID, h.MsgType, nil
}

// peekFlat reads msg_id and msg_type from a header as kernels and clients
// write it: one flat object whose values are plain strings (no escapes) or
// null, true, false. It runs on every message a proxy routes, several
// times, where encoding/json's reflection showed in profiles. Anything
// else, valid or not, is left to encoding/json (ok false), so that what
// this accepts decodes exactly as encoding/json would decode it.
func peekFlat(raw []byte) (msgID, msgType string, ok bool) {
	s := newFlatScanner(raw)
	if !s.byte('{') {
		return "", "", false
	}
	if s.byte('}') {
		return "", "", s.end()
	}
	for {
		key, plain := s.str()
		if !plain || !s.byte(':') {
			return "", "", false
		}
		var dst *string
		switch string(key) {
		case "msg_id":
			dst = &msgID
		case "msg_type":
			dst = &msgType
		default:
			// encoding/json matches keys without regard to case.
			if bytes.EqualFold(key, []byte("msg_id")) || bytes.EqualFold(key, []byte("msg_type")) {
				return "", "", false
			}
		}
		if s.peek() == '"' {
			value, plain := s.str()
			if !plain {
				return "", "", false
			}
			if dst != nil {
				*dst = string(value)
			}
		} else if lit := s.literal(); lit == "" || dst != nil && lit != "null" {
			// null leaves a string as it was; true or false in one is
			// an error, which encoding/json words.
			return "", "", false
		}
		if s.byte('}') {
			return msgID, msgType, s.end()
		}
		if !s.byte(',') {
			return "", "", false
		}
	}
}

// flatScanner walks the bytes of a flat JSON object for peekFlat.
type flatScanner struct {
	b []byte
	i int
}

func newFlatScanner(b []byte) *flatScanner { return &flatScanner{b: b} }

func (s *flatScanner) space() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

func (s *flatScanner) peek() byte {
	s.space()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// byte consumes c, after white space, if it comes next.
func (s *flatScanner) byte(c byte) bool {
	if s.peek() != c {
		return false
	}
	s.i++
	return true
}

// str consumes a string and returns its bytes; plain is false for one
// that is not there or that needs decoding (an escape, a control
// character, bytes that are not UTF-8, all of which encoding/json treats).
func (s *flatScanner) str() (value []byte, plain bool) {
	if !s.byte('"') {
		return nil, false
	}
	start := s.i
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			value = s.b[start:s.i]
			s.i++
			return value, utf8.Valid(value)
		case c == '\\' || c < 0x20:
			return nil, false
		}
		s.i++
	}
	return nil, false
}

// literal consumes null, true or false and returns it; "" if none is next.
func (s *flatScanner) literal() string {
	s.space()
	for _, lit := range []string{"null", "true", "false"} {
		if bytes.HasPrefix(s.b[s.i:], []byte(lit)) {
			s.i += len(lit)
			return lit
		}
	}
	return ""
}

// end reports whether only white space is left.
func (s *flatScanner) end() bool {
	s.space()
	return s.i == len(s.b)
}

// UnmarshalJSON implements json.Unmarshaler.
func (h *Header) UnmarshalJSON(data []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("header: %w", err)
	}
	*h = Header{}
	for key, value := range raw {
		dst := h.field(key)
		if dst == nil {
			if h.Extra == nil {
				h.Extra = map[string]json.RawMessage{}
			}
			h.Extra[key] = value
			continue
		}
		// Known keys hold strings; anything else (null, a number) is kept
		// verbatim rather than lost.
		if len(value) == 0 || value[0] != '"' || json.Unmarshal(value, dst) != nil {
			if h.Extra == nil {
				h.Extra = map[string]json.RawMessage{}
			}
			h.Extra[key] = value
		}
	}
	return nil
}

// MarshalJSON implements json.Marshaler. Known keys come first in a fixed
// order, then the unknown ones sorted, so output is deterministic.
func (h Header) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	n := 0
	put := func(key string, value []byte) {
		if n > 0 {
			b.WriteString(", ")
		}
		n++
		k, _ := json.Marshal(key)
		b.Write(k)
		b.WriteString(": ")
		b.Write(value)
	}
	for _, key := range knownHeaderKeys {
		if raw, ok := h.Extra[key]; ok {
			put(key, raw)
			continue
		}
		v, err := json.Marshal(*h.field(key))
		if err != nil {
			return nil, err
		}
		put(key, v)
	}
	for _, key := range sortedKeys(h.Extra) {
		if h.field(key) != nil {
			continue
		}
		put(key, h.Extra[key])
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// NewHeader returns a header with a fresh msg_id and the current date.
func NewHeader(msgType, session, username string) Header {
	return Header{
		MsgID:    uuid.NewString(),
		Session:  session,
		Username: username,
		Date:     FormatDate(time.Now()),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

// FormatDate renders t as jupyter_client does: UTC ISO 8601 with
// microseconds (it cannot parse more than six fractional digits).
func FormatDate(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}
