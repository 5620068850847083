package wire

import (
	"encoding/json"
	"fmt"
	"sort"
)

// New builds a message with a fresh header of msgType, parented to parent
// (the raw parent header, "{}" for none), and signs it.
func (s *Signer) New(identities [][]byte, h Header, parent []byte, metadata, content any) (*Message, error) {
	header, err := json.Marshal(h)
	if err != nil {
		return nil, fmt.Errorf("encode %s header: %w", h.MsgType, err)
	}
	meta, err := json.Marshal(metadata)
	if err != nil {
		return nil, fmt.Errorf("encode %s metadata: %w", h.MsgType, err)
	}
	body, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("encode %s content: %w", h.MsgType, err)
	}
	if len(parent) == 0 {
		parent = []byte("{}")
	}
	m := &Message{
		Identities:   identities,
		Header:       header,
		ParentHeader: parent,
		Metadata:     meta,
		Content:      body,
	}
	s.Sign(m)
	return m, nil
}

// Fields decodes a JSON object into its top-level fields, so a caller can
// change one field and re-encode the rest byte for byte.
func Fields(data []byte) (map[string]json.RawMessage, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, err
	}
	if fields == nil {
		fields = map[string]json.RawMessage{}
	}
	return fields, nil
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
