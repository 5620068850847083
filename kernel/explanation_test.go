package kernel

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/kernel/explain"
)

// realKerasError returns the exception real Keras 3 raised for source in
// the runtime corpus (see scripts/gen-explain-testdata.py).
func realKerasError(t *testing.T, source string) explain.Error {
	t.Helper()
	data, err := os.ReadFile("explain/testdata/real_errors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Errors []struct{ Source, Ename, Evalue string }
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	for _, e := range f.Errors {
		if e.Source == source {
			return explain.Error{Ename: e.Ename, Evalue: e.Evalue}
		}
	}
	t.Fatalf("no error from %s in explain/testdata/real_errors.json", source)
	return explain.Error{}
}

func explainRequest(t *testing.T, id int, mode string, e explain.Error) string {
	t.Helper()
	req := map[string]any{"id": id, "op": "explain", "ename": e.Ename, "evalue": e.Evalue, "traceback": []string{}}
	if mode != "" {
		req["mode"] = mode
	}
	b, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServeExplain(t *testing.T) {
	lr := realKerasError(t, "corpus:08_optimizer_lr_kwarg.py")
	other := explain.Error{Ename: "ZeroDivisionError", Evalue: "division by zero"}
	replies := serve(t,
		explainRequest(t, 1, "", lr),
		explainRequest(t, 2, "fix", lr),
		explainRequest(t, 3, "off", lr),
		explainRequest(t, 4, "", other),
	)
	for _, r := range replies[:2] {
		if r.Error != "" || r.Display == nil {
			t.Fatalf("reply %v: no explanation (error %q)", r.ID, r.Error)
		}
		meta, _ := r.Display.Metadata[explanationKey].(map[string]any)
		if meta["signature"] != "optimizer-legacy-arguments" {
			t.Errorf("reply %v: metadata %v, want the optimizer-legacy-arguments signature", r.ID, r.Display.Metadata)
		}
		text := r.Display.Data["text/plain"]
		if !strings.Contains(text, "learning_rate") || !strings.Contains(text, "gokmig-kernel rules") {
			t.Errorf("reply %v: text lacks the fix or the documentation command:\n%s", r.ID, text)
		}
		if html := r.Display.Data["text/html"]; strings.Contains(html, "<script") || strings.Contains(html, "http") {
			t.Errorf("reply %v: html has a script or a web link:\n%s", r.ID, html)
		}
	}
	for _, r := range replies[2:] {
		if r.Display != nil || r.Error != "" {
			t.Errorf("reply %v: want no explanation, got %+v", r.ID, r)
		}
	}
}

// TestExplanationEscapes: the texts are data; what they quote must not
// become markup.
func TestExplanationEscapes(t *testing.T) {
	s := &explain.Signature{ID: "x", Rule: "removed-api", Changed: "a <b> `<i>` & c", Fix: "d"}
	html := explanationContent(s)["data"].(map[string]string)["text/html"]
	if strings.Contains(html, "<b>a") || strings.Contains(html, "<i>") || !strings.Contains(html, "&lt;b&gt;") {
		t.Errorf("unescaped: %s", html)
	}
	if !strings.Contains(html, "gokmig-kernel rules removed-api") {
		t.Errorf("no documentation command: %s", html)
	}
}
