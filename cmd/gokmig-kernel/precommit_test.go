package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The pre-commit hooks run real verbs: each hook's entry is
// "gokmig-kernel VERB" for a registered verb, which accepts the file names
// pre-commit appends, and it takes notebooks as well as scripts.
func TestPreCommitHooks(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	hooks := map[string]map[string]string{}
	var current map[string]string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		key, value, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(line), "- "), ":")
		value = strings.Trim(strings.TrimSpace(value), `"`)
		if strings.HasPrefix(line, "- id:") {
			current = map[string]string{}
			hooks[value] = current
		}
		if current == nil {
			t.Fatalf("a line outside any hook: %q", line)
		}
		current[key] = value
	}
	dir := t.TempDir()
	t.Chdir(dir) // check's cache goes to the working directory, not the tree
	script := filepath.Join(dir, "s.py")
	for id, verb := range map[string]string{"gokmig-check": "check", "gokmig-convert": "convert"} {
		h := hooks[id]
		if h == nil {
			t.Errorf("no hook %q", id)
			continue
		}
		if h["entry"] != "gokmig-kernel "+verb || h["language"] != "system" || h["types_or"] != "[python, jupyter]" {
			t.Errorf("hook %s = %v", id, h)
		}
		if err := os.WriteFile(script, []byte("import tensorflow as tf\nm = tf.keras.Model()\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		var out, errOut bytes.Buffer
		// pre-commit runs the entry with the staged files appended.
		args := append(strings.Fields(h["entry"])[1:], script)
		code := run(args, stdio{in: strings.NewReader(""), out: &out, err: &errOut})
		if verb == "check" && code != 1 || verb == "convert" && code != 0 || errOut.Len() > 0 {
			t.Errorf("%s on a Keras 2 script: exit %d, stderr %q", h["entry"], code, errOut.String())
		}
	}
}
