package migrate

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

// LoadSettings takes the closest pyproject.toml that has a [tool.gokmig]
// table, walking up from the folder as Ruff does; one without the table
// is passed over.
func TestLoadSettingsWalksUp(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"pyproject.toml":       "[tool.gokmig]\ntarget = \"multi\"\nselect = [\"K3\"]\nmode = \"fix\"\n",
		"a/pyproject.toml":     "[tool.black]\nline-length = 88\n",
		"a/b/c/.keep":          "",
		"other/pyproject.toml": "[tool.gokmig]\nignore = [\"ALL\"]\n",
	}
	for name, text := range files {
		path := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := LoadSettings(filepath.Join(root, "a", "b", "c"))
	if err != nil {
		t.Fatal(err)
	}
	if s.File != filepath.Join(root, "pyproject.toml") || s.Target != "multi" || s.Mode != "fix" || !slices.Equal(s.Select, []string{"K3"}) {
		t.Errorf("LoadSettings(a/b/c) = %+v, want the root's table", s)
	}
	if s, _ := LoadSettings(filepath.Join(root, "other")); s.File != filepath.Join(root, "other", "pyproject.toml") {
		t.Errorf("LoadSettings(other) read %q, want other's own file", s.File)
	}
}

func TestReadSettingsErrors(t *testing.T) {
	dir := t.TempDir()
	for text, want := range map[string]string{
		"[tool.gokmig]\ncolour = 1\n":      `unknown key "colour"`,
		"[tool.gokmig]\nselect = \"K3\"\n": "[tool.gokmig]",
		"[tool.gokmig\n":                   "pyproject.toml",
	} {
		path := filepath.Join(dir, "pyproject.toml")
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ReadSettings(path)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("ReadSettings(%q) error = %v, want one line with %q", text, err, want)
		}
	}
	// Other tools' keys are theirs.
	path := filepath.Join(dir, "pyproject.toml")
	os.WriteFile(path, []byte("[tool.ruff]\ncolour = 1\n[tool.gokmig]\ntarget = \"tf\"\n"), 0o644)
	if _, err := ReadSettings(path); err != nil {
		t.Errorf("ReadSettings with a [tool.ruff] table: %v", err)
	}
}

// per-file-ignores patterns are relative to the settings' folder; one
// without a slash matches a name at any depth; "!" negates (Ruff).
func TestPerFileIgnores(t *testing.T) {
	root := t.TempDir()
	s := Settings{File: filepath.Join(root, "pyproject.toml"), PerFileIgnores: map[string][]string{
		"legacy/*.py":   {"K3"},
		"test_*.ipynb":  {"K310"},
		"!src/**/*.py":  {"K401"},
		"src/keep/*.py": {"ALL"},
	}}
	tests := []struct {
		file string
		want []string
	}{
		{"legacy/old.py", []string{"K3", "K401"}},
		{"deep/x/test_a.ipynb", []string{"K310", "K401"}},
		{"src/a/b.py", nil},
		{"src/keep/c.py", []string{"ALL"}},
		{"other/legacy/old.py", []string{"K401"}},
	}
	for _, tt := range tests {
		got := s.ignoredIn(filepath.Join(root, tt.file))
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("ignoredIn(%s) = %q, want %q", tt.file, got, tt.want)
		}
	}
}

// Command-line overrides win; a bad value names the file and key.
func TestSettingsResolve(t *testing.T) {
	a := &cellfix.Rule{Name: "a", Code: "K301"}
	m := &cellfix.Rule{Name: "m", Code: "K501", MultiOnly: true}
	all := []*cellfix.Rule{a, m}
	s := Settings{File: "p/pyproject.toml", Target: "multi", Ignore: []string{"a"}}
	target, rules, err := s.Resolve(all, Overrides{})
	if err != nil || target != cellfix.TargetMulti || ruleNames(rules) != "m" {
		t.Errorf("Resolve = %s %q %v, want multi [m]", target, ruleNames(rules), err)
	}
	target, rules, err = s.Resolve(all, Overrides{Target: "tf"})
	if err != nil || target != cellfix.TargetTF || ruleNames(rules) != "" {
		t.Errorf("Resolve(--target tf) = %s %q %v, want tf and no rules", target, ruleNames(rules), err)
	}
	bad := Settings{File: "p/pyproject.toml", Target: "jax"}
	if _, _, err := bad.Resolve(all, Overrides{}); err == nil || !strings.Contains(err.Error(), "p/pyproject.toml: [tool.gokmig] target") {
		t.Errorf("Resolve(target jax) error = %v", err)
	}
	bad = Settings{File: "p/pyproject.toml", PerFileIgnores: map[string][]string{"*.py": {"K9"}}}
	if _, _, err := bad.Resolve(all, Overrides{}); err == nil || !strings.Contains(err.Error(), `per-file-ignores "*.py": unknown rule "K9"`) {
		t.Errorf("Resolve(per-file-ignores K9) error = %v", err)
	}
}

// A pyproject.toml that exists but cannot be read is an error naming it,
// not a file without settings (root reads everything, so this needs a
// folder in place of the file).
func TestLoadSettingsUnreadable(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "pyproject.toml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadSettings(dir); err == nil || !strings.Contains(err.Error(), "pyproject.toml: cannot read") {
		t.Errorf("LoadSettings with a folder named pyproject.toml: %v, want cannot read", err)
	}
}

func TestSettingsKerasVersion(t *testing.T) {
	s := Settings{File: "p/pyproject.toml", KerasVersion: "3.4"}
	if v, err := s.ResolveKerasVersion(Overrides{}); err != nil || v != (cellfix.KerasVersion{Major: 3, Minor: 4}) {
		t.Errorf("keras-version 3.4 = %v, %v", v, err)
	}
	if v, err := s.ResolveKerasVersion(Overrides{KerasVersion: "3.12"}); err != nil || v != (cellfix.KerasVersion{Major: 3, Minor: 12}) {
		t.Errorf("--keras-version 3.12 over the file = %v, %v; want the flag's", v, err)
	}
	if v, err := (Settings{}).ResolveKerasVersion(Overrides{}); err != nil || v != cellfix.LatestKeras {
		t.Errorf("no setting = %v, %v; want %v", v, err, cellfix.LatestKeras)
	}
	bad := Settings{File: "p/pyproject.toml", KerasVersion: "2.15"}
	if _, _, err := bad.Resolve(nil, Overrides{}); err == nil || !strings.Contains(err.Error(), "p/pyproject.toml: [tool.gokmig] keras-version") {
		t.Errorf("Resolve(keras-version 2.15) error = %v", err)
	}
}
