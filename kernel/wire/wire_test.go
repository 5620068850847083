package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// sample is a message whose digests were computed with Python's hmac module.
func sample() *Message {
	return &Message{
		Identities:   [][]byte{[]byte("frontend-1")},
		Header:       []byte(`{"msg_id": "a"}`),
		ParentHeader: []byte(`{}`),
		Metadata:     []byte(`{}`),
		Content:      []byte(`{"code": "x = 1"}`),
		Buffers:      [][]byte{{0, 1, 2, 255}},
	}
}

func TestSignMatchesPythonHMAC(t *testing.T) {
	for _, tc := range []struct{ scheme, want string }{
		{"hmac-sha256", "5c42f1134f0177cb162acc3a4e653920b90c3af6bf24697dfb6a17e8733c8a57"},
		{"hmac-sha512", "4685b1d6c8c6e2c5b8c797800a570cbf4598fb75aff2a1be7c9c48a354d3bcc168c47687f61800697322d5a232f88bb38c0e17aafa1c63d8b7cf532f091dd645"},
	} {
		s, err := NewSigner(tc.scheme, []byte("secret-key"))
		if err != nil {
			t.Fatal(err)
		}
		m := sample()
		s.Sign(m)
		if string(m.Signature) != tc.want {
			t.Errorf("%s: signature %s, want %s", tc.scheme, m.Signature, tc.want)
		}
		if err := s.Verify(m); err != nil {
			t.Errorf("%s: own signature rejected: %v", tc.scheme, err)
		}
	}
}

func TestBuffersAreNotSigned(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", []byte("secret-key"))
	m := sample()
	s.Sign(m)
	m.Buffers = append(m.Buffers, []byte("another buffer"))
	m.Buffers[0][0] = 42
	if err := s.Verify(m); err != nil {
		t.Fatalf("changing buffers broke the signature: %v", err)
	}
}

func TestVerifyRejectsBadAndMissingSignatures(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", []byte("secret-key"))
	for name, tamper := range map[string]func(m *Message){
		"content changed":  func(m *Message) { m.Content = []byte(`{"code": "x = 2"}`) },
		"header changed":   func(m *Message) { m.Header = []byte(`{"msg_id": "b"}`) },
		"parent changed":   func(m *Message) { m.ParentHeader = []byte(`{"msg_id": "p"}`) },
		"metadata changed": func(m *Message) { m.Metadata = []byte(`{"x": 1}`) },
		"wrong key": func(m *Message) {
			other, _ := NewSigner("hmac-sha256", []byte("other-key"))
			other.Sign(m)
		},
		"truncated": func(m *Message) { m.Signature = m.Signature[:10] },
	} {
		m := sample()
		s.Sign(m)
		tamper(m)
		if err := s.Verify(m); !errors.Is(err, ErrBadSignature) {
			t.Errorf("%s: Verify = %v, want ErrBadSignature", name, err)
		}
	}
	m := sample()
	if err := s.Verify(m); !errors.Is(err, ErrUnsigned) {
		t.Errorf("unsigned: Verify = %v, want ErrUnsigned", err)
	}
}

func TestEmptyKeyMeansNoSignature(t *testing.T) {
	s, err := NewSigner("hmac-sha256", nil)
	if err != nil {
		t.Fatal(err)
	}
	m := sample()
	s.Sign(m)
	if len(m.Signature) != 0 {
		t.Fatalf("signature %q with an empty key, want none", m.Signature)
	}
	if err := s.Verify(m); err != nil {
		t.Fatalf("Verify with an empty key: %v", err)
	}
}

func TestUnknownSchemeIsRejected(t *testing.T) {
	_, err := NewSigner("hmac-md5", []byte("k"))
	if err == nil || !strings.Contains(err.Error(), "hmac-md5") {
		t.Fatalf("NewSigner(hmac-md5) = %v, want an error naming the scheme", err)
	}
}

func TestParseAndFramesRoundTrip(t *testing.T) {
	frames := [][]byte{
		[]byte("id-a"), []byte("id-b"), Delimiter, []byte("sig"),
		[]byte(`{"msg_id": "h"}`), []byte(`{}`), []byte(`{"m": 1}`), []byte(`{"c": 2}`),
		{1, 2, 3}, {},
	}
	m, err := Parse(frames)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Identities) != 2 || string(m.Identities[1]) != "id-b" {
		t.Errorf("identities %q", m.Identities)
	}
	if string(m.Signature) != "sig" || string(m.Content) != `{"c": 2}` || len(m.Buffers) != 2 {
		t.Errorf("parsed %+v", m)
	}
	back := m.Frames()
	if len(back) != len(frames) {
		t.Fatalf("%d frames back, want %d", len(back), len(frames))
	}
	for i := range frames {
		if !bytes.Equal(back[i], frames[i]) {
			t.Errorf("frame %d = %q, want %q", i, back[i], frames[i])
		}
	}
}

func TestParseRejectsMalformedFrames(t *testing.T) {
	if _, err := Parse([][]byte{[]byte("a"), []byte("b")}); !errors.Is(err, ErrNoDelimiter) {
		t.Errorf("no delimiter: %v", err)
	}
	if _, err := Parse([][]byte{Delimiter, []byte("sig"), []byte("{}")}); err == nil {
		t.Error("short message accepted")
	}
}

func TestHeaderKeepsUnknownFields(t *testing.T) {
	in := []byte(`{"msg_id": "m1", "session": "s", "username": "u", "date": "2024-05-01T10:00:00.123456Z",
		"msg_type": "execute_request", "version": "5.5", "subshell_id": "sub-7", "x_custom": {"deep": [1, 2]}}`)
	h, err := ParseHeader(in)
	if err != nil {
		t.Fatal(err)
	}
	if h.MsgID != "m1" || h.MsgType != "execute_request" || h.Version != "5.5" {
		t.Errorf("known fields: %+v", h)
	}
	out, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	var got, want map[string]any
	json.Unmarshal(out, &got)
	json.Unmarshal(in, &want)
	if len(got) != len(want) {
		t.Fatalf("round trip %s lost or added keys", out)
	}
	for k, v := range want {
		a, _ := json.Marshal(v)
		b, _ := json.Marshal(got[k])
		if !bytes.Equal(a, b) {
			t.Errorf("key %s: %s, want %s", k, b, a)
		}
	}
}

func TestHeaderKeepsOddlyTypedKnownField(t *testing.T) {
	h, err := ParseHeader([]byte(`{"msg_id": "m", "session": null, "username": "u", "date": "d", "msg_type": "t", "version": "5.3"}`))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(h)
	if !bytes.Contains(out, []byte(`"session":null`)) {
		t.Errorf("null session not kept: %s", out)
	}
}

func TestNewHeaderIsFresh(t *testing.T) {
	a := NewHeader("display_data", "sess", "gokmig")
	b := NewHeader("display_data", "sess", "gokmig")
	if a.MsgID == "" || a.MsgID == b.MsgID {
		t.Fatalf("msg_ids %q and %q are not fresh", a.MsgID, b.MsgID)
	}
	if _, err := time.Parse(time.RFC3339Nano, a.Date); err != nil {
		t.Errorf("date %q is not ISO 8601: %v", a.Date, err)
	}
	if frac := a.Date[strings.IndexByte(a.Date, '.')+1 : len(a.Date)-1]; len(frac) != 6 {
		t.Errorf("date %q has %d fractional digits, want 6", a.Date, len(frac))
	}
}

func TestNewSignsAndParents(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", []byte("k"))
	parent := []byte(`{"msg_id": "req-1", "msg_type": "execute_request"}`)
	m, err := s.New([][]byte{[]byte("topic")}, NewHeader("display_data", "sess", "gokmig"), parent,
		map[string]any{}, map[string]any{"data": map[string]string{"text/plain": "hi"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(m); err != nil {
		t.Fatalf("new message does not verify: %v", err)
	}
	if !bytes.Equal(m.ParentHeader, parent) {
		t.Errorf("parent %s", m.ParentHeader)
	}
	again, err := Parse(m.Frames())
	if err != nil || string(again.Identities[0]) != "topic" {
		t.Fatalf("reparse: %v %q", err, again.Identities)
	}
}

func TestPeekHeaderReadsRoutingFieldsOnly(t *testing.T) {
	in := []byte(`{"msg_id": "m1", "session": null, "username": "u", "date": "2024-05-01T10:00:00.123456Z",
		"msg_type": "execute_request", "version": "5.5", "subshell_id": "sub-7", "x_custom": {"msg_id": "inner"}}`)
	id, typ, err := PeekHeader(in)
	if err != nil || id != "m1" || typ != "execute_request" {
		t.Errorf("PeekHeader = %q, %q, %v", id, typ, err)
	}
	if id, typ, err := PeekHeader([]byte(`{}`)); err != nil || id != "" || typ != "" {
		t.Errorf("empty parent header: %q, %q, %v", id, typ, err)
	}
	if _, _, err := PeekHeader([]byte(`{"msg_id": `)); err == nil {
		t.Error("truncated header accepted")
	}
}

// benchHeader is a header as ipykernel writes one.
var benchHeader = []byte(`{"msg_id": "0b6c1f4e-2d4a4c2f9a1d8e7f6a5b4c3d_12345_67", "msg_type": "stream",
	"username": "username", "session": "0b6c1f4e-2d4a4c2f9a1d8e7f6a5b4c3d", "date": "2024-05-01T10:00:00.123456Z", "version": "5.3"}`)

func BenchmarkParseHeader(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseHeader(benchHeader); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPeekHeader(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := PeekHeader(benchHeader); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDigestHistoryRefusesReplaysAndForgetsTheOldest(t *testing.T) {
	h := NewDigestHistory(3)
	for _, sig := range []string{"a", "b", "c"} {
		if h.Replayed([]byte(sig)) {
			t.Fatalf("%s: first sight taken for a replay", sig)
		}
	}
	if !h.Replayed([]byte("b")) {
		t.Error("b sent again was not refused")
	}
	h.Replayed([]byte("d")) // full: a, the oldest, is forgotten
	if h.Replayed([]byte("a")) {
		t.Error("a should have been forgotten")
	}
	// a came back in place of b, the oldest left.
	if !h.Replayed([]byte("c")) || !h.Replayed([]byte("d")) || h.Replayed([]byte("b")) {
		t.Error("the history does not hold the latest signatures")
	}
	if h.Replayed(nil) || h.Replayed(nil) {
		t.Error("unsigned messages (no key) taken for replays")
	}
}

// peekReference is PeekHeader as encoding/json alone decodes it: the
// independent answer the fast path must give whenever it gives one.
func peekReference(raw []byte) (string, string, error) {
	var h struct {
		MsgID   string `json:"msg_id"`
		MsgType string `json:"msg_type"`
	}
	err := json.Unmarshal(raw, &h)
	return h.MsgID, h.MsgType, err
}

// Headers the fast path takes, and those it leaves to encoding/json
// (escapes, nesting, numbers, keys in another case, invalid JSON): every
// one must come out as encoding/json decodes it.
var peekCases = []struct {
	in   string
	fast bool
}{
	{`{"msg_id": "a", "msg_type": "status", "session": "s", "date": "2024-05-01T10:00:00Z", "version": "5.3"}`, true},
	{` {"msg_type":"t","msg_id":"i","subshell_id":null,"x":true,"y":false} `, true},
	{`{}`, true},
	{`{"msg_id": "a", "msg_id": "b"}`, true},
	{`{"msg_id": "a", "msg_id": null}`, true},
	{`{"msg_id": "é✓"}`, true},
	{`{"msg_id": "a\"b"}`, false},
	{`{"msg_id": "a\u0041"}`, false},
	{`{"MSG_ID": "a"}`, false},
	{`{"Msg_Type": "a", "msg_type": "b"}`, false},
	{`{"msg_id": true}`, false},
	{`{"msg_id": 1}`, false},
	{`{"x": {"msg_id": "inner"}, "msg_id": "outer"}`, false},
	{`{"x": [1], "msg_id": "outer"}`, false},
	{`{"msg_id": "a",}`, false},
	{`{"msg_id": "a"} x`, false},
	{`{"msg_id": "a"`, false},
	{`{"msg_id": nul}`, false},
	{"{\"msg_id\": \"a\tb\"}", false},
	{"{\"msg_id\": \"\xff\"}", false},
	{`[]`, false},
	{``, false},
}

func TestPeekHeaderFastPathDecodesAsEncodingJSON(t *testing.T) {
	for _, c := range peekCases {
		_, _, fast := peekFlat([]byte(c.in))
		if fast != c.fast {
			t.Errorf("%q: fast path taken %v, want %v", c.in, fast, c.fast)
		}
		checkPeek(t, []byte(c.in))
	}
}

func checkPeek(t *testing.T, raw []byte) {
	t.Helper()
	id, typ, err := PeekHeader(raw)
	wantID, wantType, wantErr := peekReference(raw)
	if (err == nil) != (wantErr == nil) || id != wantID || typ != wantType {
		t.Errorf("PeekHeader(%q) = %q, %q, %v; encoding/json: %q, %q, %v", raw, id, typ, err, wantID, wantType, wantErr)
	}
}

func FuzzPeekHeader(f *testing.F) {
	for _, c := range peekCases {
		f.Add([]byte(c.in))
	}
	f.Add(benchHeader)
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkPeek(t, raw)
	})
}
