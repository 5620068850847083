package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

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
	var h struct {
		MsgID   string `json:"msg_id"`
		MsgType string `json:"msg_type"`
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		return "", "", fmt.Errorf("header: %w", err)
	}
	return h.MsgID, h.MsgType, nil
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
