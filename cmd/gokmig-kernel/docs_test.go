package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix/rules"
)

// The README's rule list sits between these markers.
const (
	readmeRulesBegin = "<!-- BEGIN RULES: generated from the rule docs; run `go generate ./cmd/gokmig-kernel` -->\n"
	readmeRulesEnd   = "<!-- END RULES -->\n"
)

var repoRoot = filepath.Join("..", "..")

// docs/rules.md and the README's rule list are generated from the rules'
// own documentation; this fails when either is stale, and -update (which
// `go generate ./cmd/gokmig-kernel` runs) rewrites them.
func TestGeneratedDocs(t *testing.T) {
	t.Run("docs/rules.md", func(t *testing.T) {
		code, stdout, stderr := runCLI("rules", "--markdown")
		if code != 0 {
			t.Fatalf("rules --markdown: exit %d: %s", code, stderr)
		}
		checkGolden(t, filepath.Join(repoRoot, "docs", "rules.md"), stdout)
	})
	t.Run("README.md", func(t *testing.T) {
		path := filepath.Join(repoRoot, "README.md")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		readme := string(data)
		begin := strings.Index(readme, readmeRulesBegin)
		end := strings.Index(readme, readmeRulesEnd)
		if begin < 0 || end < begin {
			t.Fatalf("README.md lacks the rule list markers %q and %q", readmeRulesBegin, readmeRulesEnd)
		}
		var table strings.Builder
		if err := rules.WriteIndex(&table, rules.All); err != nil {
			t.Fatal(err)
		}
		want := readme[:begin+len(readmeRulesBegin)] + table.String() + readme[end:]
		checkGolden(t, path, want)
	})
}

// The README's quick start must work as written: its convert --diff command
// runs on an example that exists and shows a diff, and its test command is
// the one CI runs.
func TestReadmeQuickStart(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	const goRun = "    go run ./cmd/gokmig-kernel "
	var args []string
	for _, line := range strings.Split(readme, "\n") {
		if strings.HasPrefix(line, goRun) {
			args = strings.Fields(strings.TrimPrefix(line, goRun))
			break
		}
	}
	if len(args) < 3 || args[0] != "convert" || args[1] != "--diff" {
		t.Fatalf("README has no quick-start line %q convert --diff EXAMPLE", goRun)
	}
	// The command runs from the repository root; this test runs two levels down.
	example := args[len(args)-1]
	args[len(args)-1] = filepath.Join(repoRoot, example)
	code, stdout, stderr := runCLI(args...)
	if code != exitFindings || !strings.Contains(stdout, "\n+") || !strings.Contains(stderr, "would fix") {
		t.Errorf("quick start %v: exit %d, want a diff and a report\nstdout:\n%s\nstderr:\n%s", args, code, stdout, stderr)
	}

	const testCommand = "bash scripts/test"
	if !strings.Contains(readme, "\n    "+testCommand+"\n") {
		t.Errorf("README lacks the test command %q", testCommand)
	}
	ci, err := os.ReadFile(filepath.Join(repoRoot, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(ci)) != testCommand {
		t.Errorf(".ci/run = %q, want the README's test command %q", ci, testCommand)
	}
}
