package wire

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
)

// Signer signs and verifies messages with a session key, as the connection
// file's "key" and "signature_scheme" describe.
type Signer struct {
	key     []byte
	newHash func() hash.Hash
}

// NewSigner returns a signer for scheme (e.g. "hmac-sha256"). An empty key
// disables signing: signatures are empty and any signature is accepted, as
// jupyter_client does.
func NewSigner(scheme string, key []byte) (*Signer, error) {
	s := &Signer{key: key}
	switch scheme {
	case "hmac-sha256", "":
		s.newHash = sha256.New
	case "hmac-sha512":
		s.newHash = sha512.New
	default:
		return nil, fmt.Errorf("unsupported signature_scheme %q (want hmac-sha256 or hmac-sha512)", scheme)
	}
	return s, nil
}

// Enabled reports whether messages carry signatures.
func (s *Signer) Enabled() bool { return len(s.key) > 0 }

// digest computes the hex HMAC of the four JSON parts.
func (s *Signer) digest(m *Message) []byte {
	mac := hmac.New(s.newHash, s.key)
	mac.Write(m.Header)
	mac.Write(m.ParentHeader)
	mac.Write(m.Metadata)
	mac.Write(m.Content)
	sum := mac.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// Sign sets m.Signature from the current JSON parts.
func (s *Signer) Sign(m *Message) {
	if !s.Enabled() {
		m.Signature = []byte{}
		return
	}
	m.Signature = s.digest(m)
}

// Errors returned by Verify.
var (
	ErrUnsigned     = errors.New("message is not signed")
	ErrBadSignature = errors.New("message signature does not match")
)

// Verify checks m.Signature in constant time.
func (s *Signer) Verify(m *Message) error {
	if !s.Enabled() {
		return nil
	}
	if len(m.Signature) == 0 {
		return ErrUnsigned
	}
	if !hmac.Equal(m.Signature, s.digest(m)) {
		return ErrBadSignature
	}
	return nil
}
