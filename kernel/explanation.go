package kernel

import (
	"encoding/json"
	"fmt"
	"html"
	"strings"

	"github.com/gokmig/gokmig/kernel/explain"
	"github.com/gokmig/gokmig/kernel/wire"
)

// explanationKey is the display_data metadata key of a runtime
// explanation; notices use "gokmig", so tools that read findings from
// saved notebooks do not mistake one for the other.
const explanationKey = "gokmig_explanation"

// explainError returns the explanation for a child's `error` message, or
// nil when its exception is not a known Keras 3 failure.
func explainError(m *wire.Message) *explain.Signature {
	var e explain.Error
	if json.Unmarshal(m.Content, &e) != nil {
		return nil
	}
	return explain.Match(explain.Signatures(), e)
}

// publishExplanation publishes s under the cell whose request header is
// parent.
func (k *Kernel) publishExplanation(parent []byte, s *explain.Signature) {
	k.publish("display_data", parent, explanationContent(s))
}

// docCommand is how the explanation points to the rule's documentation:
// offline, since a kernel may run where the web is out of reach.
func docCommand(s *explain.Signature) string {
	if s.Rule == "" {
		return "gokmig-kernel rules"
	}
	return "gokmig-kernel rules " + s.Rule
}

// explanationContent is the display_data content of an explanation: text
// for consoles, HTML for notebooks, and the signature in the metadata.
func explanationContent(s *explain.Signature) map[string]any {
	const title = "gokmig: this error comes from a change in Keras 3"
	text := fmt.Sprintf("%s\n  What changed: %s\n  Fix: %s\n  More: %s\n", title, s.Changed, s.Fix, docCommand(s))
	var b strings.Builder
	fmt.Fprintf(&b, `<div style="`+styleBox+`">`, colorInfo, colorInfoBg)
	fmt.Fprintf(&b, `<div style="%s">&#8505; %s</div>`, styleSummary, html.EscapeString(title))
	fmt.Fprintf(&b, `<div style="%s"><b>What changed:</b> %s</div>`, styleItem, richText(s.Changed))
	fmt.Fprintf(&b, `<div style="%s"><b>Fix:</b> %s</div>`, styleItem, richText(s.Fix))
	fmt.Fprintf(&b, `<div style="%s">More: <code style="%s">%s</code></div>`, styleItem, styleCode, html.EscapeString(docCommand(s)))
	b.WriteString(`</div>`)
	return map[string]any{
		"data": map[string]string{"text/plain": text, "text/html": b.String()},
		"metadata": map[string]any{explanationKey: map[string]string{
			"signature": s.ID, "rule": s.Rule, "changed": s.Changed, "fix": s.Fix,
		}},
		"transient": map[string]any{},
	}
}
