package migrate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The style fixtures hold the same notebooks as written by nbformat, with
// one-string sources, and with 2-space indentation and CRLF line endings
// (see testdata/styles/make_styles.py).
var styles = []string{"nbformat", "single-string", "crlf-2space"}

// A notebook with nothing to fix is byte-identical after convert, whatever
// its style.
func TestConvertLeavesCleanNotebooksByteIdentical(t *testing.T) {
	for _, style := range styles {
		t.Run(style, func(t *testing.T) {
			path := filepath.Join("testdata", "styles", style, "clean.ipynb")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			out, got := convertBytes(t, path, data)
			if len(out.Findings) != 0 {
				t.Errorf("clean notebook has findings: %v", out.Findings)
			}
			if string(got) != string(data) {
				t.Errorf("convert changed the bytes of %s", path)
			}
		})
	}
}

// In a notebook where one cell needs fixing, convert changes only that
// cell's "source" value: every other byte, in every style, stays put.
func TestConvertChangesOnlyFixedSources(t *testing.T) {
	for _, style := range styles {
		t.Run(style, func(t *testing.T) {
			path := filepath.Join("testdata", "styles", style, "mixed.ipynb")
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			out, after := convertBytes(t, path, before)
			if len(out.Changes) == 0 {
				t.Fatal("nothing changed; the fixture's Keras 2 cell should be fixed")
			}

			// The changed bytes lie inside source values: no JSON key of the
			// notebook's structure is among them.
			prefix := 0
			for prefix < len(before) && prefix < len(after) && before[prefix] == after[prefix] {
				prefix++
			}
			suffix := 0
			for suffix < len(before)-prefix && suffix < len(after)-prefix && before[len(before)-1-suffix] == after[len(after)-1-suffix] {
				suffix++
			}
			for _, region := range []string{string(before[prefix : len(before)-suffix]), string(after[prefix : len(after)-suffix])} {
				for _, key := range []string{`"cell_type"`, `"metadata"`, `"outputs"`, `"id"`, `"execution_count"`, `"source"`} {
					if strings.Contains(region, key) {
						t.Errorf("the change reaches beyond a source value: %q contains %s", region, key)
					}
				}
			}
			if style == "crlf-2space" && strings.Count(string(after), "\n") != strings.Count(string(after), "\r\n") {
				t.Errorf("a bare \\n crept into a CRLF notebook")
			}

			// As JSON, the notebooks differ exactly in the changed cells' sources.
			if err := sameOutsideSources(before, after, out.Changes); err != nil {
				t.Error(err)
			}
		})
	}
}

func joinSource(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	var b strings.Builder
	for _, line := range v.([]any) {
		b.WriteString(line.(string))
	}
	return b.String()
}
