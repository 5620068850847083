package explain

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sync"
)

//go:embed signatures.json
var signaturesJSON []byte

// file is signatures.json as written.
type file struct {
	Signatures []struct {
		ID        string   `json:"id"`
		Enames    []string `json:"ename"`
		Evalue    string   `json:"evalue"`
		Traceback string   `json:"traceback"`
		Rule      string   `json:"rule"`
		Changed   string   `json:"changed"`
		Fix       string   `json:"fix"`
	} `json:"signatures"`
}

// Decode reads a signatures file: {"signatures": [{"id", "ename": [...],
// "evalue": RE2 regexp, "traceback": optional RE2 regexp, "rule",
// "changed", "fix"}, ...]}. Order matters: the first match wins.
func Decode(data []byte) ([]Signature, error) {
	var f file
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("decoding signatures: %w", err)
	}
	seen := map[string]bool{}
	out := make([]Signature, 0, len(f.Signatures))
	for i, raw := range f.Signatures {
		where := fmt.Sprintf("signature %d (%q)", i+1, raw.ID)
		switch {
		case raw.ID == "":
			return nil, fmt.Errorf("%s: no id", where)
		case seen[raw.ID]:
			return nil, fmt.Errorf("%s: duplicate id", where)
		case len(raw.Enames) == 0:
			return nil, fmt.Errorf("%s: no ename", where)
		case raw.Evalue == "":
			return nil, fmt.Errorf("%s: no evalue pattern", where)
		case raw.Changed == "" || raw.Fix == "":
			return nil, fmt.Errorf("%s: needs both changed and fix", where)
		}
		seen[raw.ID] = true
		s := Signature{ID: raw.ID, Enames: raw.Enames, Rule: raw.Rule, Changed: raw.Changed, Fix: raw.Fix}
		var err error
		if s.Evalue, err = regexp.Compile(raw.Evalue); err != nil {
			return nil, fmt.Errorf("%s: evalue: %w", where, err)
		}
		if raw.Traceback != "" {
			if s.Traceback, err = regexp.Compile(raw.Traceback); err != nil {
				return nil, fmt.Errorf("%s: traceback: %w", where, err)
			}
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil, errors.New("decoding signatures: none")
	}
	return out, nil
}

// Signatures returns the embedded signatures, decoded once. A malformed
// file is a build defect the tests catch, so it panics.
var Signatures = sync.OnceValue(func() []Signature {
	sigs, err := Decode(signaturesJSON)
	if err != nil {
		panic("explain: embedded signatures.json: " + err.Error())
	}
	return sigs
})
