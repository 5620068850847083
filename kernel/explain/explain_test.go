package explain

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/gokmig/gokmig/cellfix/rules"
	"github.com/gokmig/gokmig/migrate"
)

// realError is one exception real Keras 3 raised, from testdata written
// by scripts/gen-explain-testdata.py out of the runtime corpus's report.
type realError struct {
	Source string `json:"source"`
	Ename  string `json:"ename"`
	Evalue string `json:"evalue"`
}

func readRealErrors(t *testing.T) []realError {
	t.Helper()
	data, err := os.ReadFile("testdata/real_errors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct{ Errors []realError }
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatalf("testdata/real_errors.json: %v", err)
	}
	if len(f.Errors) == 0 {
		t.Fatal("testdata/real_errors.json holds no errors")
	}
	return f.Errors
}

// TestRealErrors matches the signatures against what real Keras raised:
// every real error gets an explanation, and every signature explains at
// least one real error (none is written against a message Keras does not
// produce).
func TestRealErrors(t *testing.T) {
	sigs := Signatures()
	used := map[string]int{}
	for _, e := range readRealErrors(t) {
		s := Match(sigs, Error{Ename: e.Ename, Evalue: e.Evalue})
		if s == nil {
			t.Errorf("%s: no explanation for %s: %.200q", e.Source, e.Ename, e.Evalue)
			continue
		}
		used[s.ID]++
		// The same message under another exception class is not the same failure.
		if Match(sigs, Error{Ename: "SomethingElseError", Evalue: e.Evalue}) != nil {
			t.Errorf("%s: matched whatever the exception class", e.Source)
		}
	}
	for _, s := range sigs {
		if used[s.ID] == 0 {
			t.Errorf("signature %s matches no real Keras 3 error in testdata/real_errors.json", s.ID)
		}
	}
	t.Logf("%d signatures explain the real errors", len(used))
}

// TestRulesExist checks that each signature points to a rule that
// `gokmig-kernel rules NAME` documents.
func TestRulesExist(t *testing.T) {
	for _, s := range Signatures() {
		if s.Rule != "" && migrate.FindRule(rules.All, s.Rule) == nil {
			t.Errorf("signature %s names rule %q, which does not exist", s.ID, s.Rule)
		}
	}
}

func TestMatchTracebackAndColour(t *testing.T) {
	sigs, err := Decode([]byte(`{"signatures": [
		{"id": "hinted", "ename": ["ValueError"], "evalue": "^boom$", "traceback": "metrics_names", "changed": "c", "fix": "f"},
		{"id": "plain", "ename": ["ValueError", "TypeError"], "evalue": "^bang", "changed": "c", "fix": "f"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		e    Error
		want string
	}{
		{Error{Ename: "ValueError", Evalue: "boom", Traceback: []string{"\x1b[0;32mx\x1b[0m = model.\x1b[1mmetrics_names\x1b[0m.index(1)"}}, "hinted"},
		{Error{Ename: "ValueError", Evalue: "boom", Traceback: []string{"y = [].index(1)"}}, ""},
		{Error{Ename: "TypeError", Evalue: "\x1b[1mbang\x1b[0m here"}, "plain"},
		{Error{Ename: "KeyError", Evalue: "bang"}, ""},
	} {
		got := ""
		if s := Match(sigs, c.e); s != nil {
			got = s.ID
		}
		if got != c.want {
			t.Errorf("Match(%+v) = %q, want %q", c.e, got, c.want)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, bad := range []string{
		`{"signatures": []}`,
		`{"signatures": [{"id": "a", "ename": ["E"], "evalue": "(", "changed": "c", "fix": "f"}]}`,
		`{"signatures": [{"id": "a", "ename": [], "evalue": "x", "changed": "c", "fix": "f"}]}`,
		`{"signatures": [{"id": "a", "ename": ["E"], "evalue": "x", "changed": "c"}]}`,
		`{"signatures": [{"id": "a", "ename": ["E"], "evalue": "x", "changed": "c", "fix": "f", "extra": 1}]}`,
		`{"signatures": [{"id": "a", "ename": ["E"], "evalue": "x", "changed": "c", "fix": "f"},
		                 {"id": "a", "ename": ["E"], "evalue": "y", "changed": "c", "fix": "f"}]}`,
	} {
		if _, err := Decode([]byte(bad)); err == nil {
			t.Errorf("Decode accepted %s", bad)
		}
	}
}

// TestNoWebLinks: explanations point to the offline documentation only.
func TestNoWebLinks(t *testing.T) {
	web := regexp.MustCompile(`https?://|www\.`)
	for _, s := range Signatures() {
		if web.MatchString(s.Changed + s.Fix) {
			t.Errorf("signature %s links to the web", s.ID)
		}
	}
}
