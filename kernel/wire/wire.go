// Package wire encodes and decodes Jupyter messages as ZeroMQ multipart
// frames: routing identities, the "<IDS|MSG>" delimiter, an HMAC signature,
// four JSON parts (header, parent header, metadata, content) and any binary
// buffers. It knows nothing about sockets.
//
// A proxy forwards most messages untouched, so Message keeps every JSON part
// as the raw bytes it arrived with; only the parts a caller replaces are
// re-encoded, and only then must the message be signed again.
package wire

import (
	"bytes"
	"errors"
	"fmt"
)

// Delimiter separates routing identities from the signed message.
var Delimiter = []byte("<IDS|MSG>")

// Message is one Jupyter message in wire form.
type Message struct {
	// Identities are the routing frames before the delimiter: peer
	// identities on ROUTER sockets, the topic on IOPub.
	Identities [][]byte
	// Signature is the lowercase hex HMAC of the four JSON parts, or empty
	// when the session has no key.
	Signature    []byte
	Header       []byte
	ParentHeader []byte
	Metadata     []byte
	Content      []byte
	// Buffers are binary attachments (comms, widgets); they are not signed.
	Buffers [][]byte
}

// ErrNoDelimiter means the frames hold no "<IDS|MSG>" delimiter.
var ErrNoDelimiter = errors.New("no <IDS|MSG> delimiter")

// Parse splits multipart frames into a Message. The frames are referenced,
// not copied.
func Parse(frames [][]byte) (*Message, error) {
	at := -1
	for i, f := range frames {
		if bytes.Equal(f, Delimiter) {
			at = i
			break
		}
	}
	if at < 0 {
		return nil, ErrNoDelimiter
	}
	rest := frames[at+1:]
	if len(rest) < 5 {
		return nil, fmt.Errorf("message has %d frames after the delimiter, want at least 5", len(rest))
	}
	return &Message{
		Identities:   frames[:at],
		Signature:    rest[0],
		Header:       rest[1],
		ParentHeader: rest[2],
		Metadata:     rest[3],
		Content:      rest[4],
		Buffers:      rest[5:],
	}, nil
}

// Frames returns the message as multipart frames, in wire order.
func (m *Message) Frames() [][]byte {
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, Delimiter, m.Signature, m.Header, m.ParentHeader, m.Metadata, m.Content)
	return append(frames, m.Buffers...)
}
