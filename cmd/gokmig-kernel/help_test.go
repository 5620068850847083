package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files (help texts, docs/rules.md, the README's rule list, script outputs)")

// runCLI runs the command line in-process.
func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, stdio{in: bytes.NewReader(nil), out: &out, err: &errOut})
	return code, out.String(), errOut.String()
}

// checkGolden compares got with testdata/NAME, or rewrites it with -update.
func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s is out of date (run 'go test ./cmd/gokmig-kernel -run %s -update' and review the diff)\n%s", path, strings.SplitN(t.Name(), "/", 2)[0], firstDifference(string(want), got))
	}
}

// firstDifference shows the first line where two texts differ.
func firstDifference(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\n  file: %q\n  want: %q", i+1, wl, gl)
		}
	}
	return ""
}

// The help texts are part of the interface: a change to a flag or to the
// wording shows up as a golden diff in review. Every registered verb is
// covered, so a new verb cannot ship without its golden help.
func TestHelp(t *testing.T) {
	names := make([]string, 0, len(verbs))
	for name := range verbs {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, verb := range names {
		t.Run(verb, func(t *testing.T) {
			code, stdout, stderr := runCLI(verb, "--help")
			if code != 0 || stderr != "" {
				t.Fatalf("%s --help: exit %d, stderr %q", verb, code, stderr)
			}
			checkGolden(t, filepath.Join("testdata", "help", verb+".txt"), stdout)
			if _, short, _ := runCLI(verb, "-h"); short != stdout {
				t.Errorf("%s -h differs from --help", verb)
			}
		})
	}
}
