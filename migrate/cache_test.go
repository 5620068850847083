package migrate

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/rules"
)

// cacheRun runs check over paths with cache and returns the combined
// output and the run's cache hits and misses.
func cacheRun(t *testing.T, cfg Config, cache *Cache, paths ...string) (out string, hits, misses int64) {
	t.Helper()
	if cfg.Options.Rules == nil {
		cfg.Options = defaultOptions()
	}
	if cfg.Format == "" {
		cfg.Format = Text
	}
	cfg.Mode = Check
	var buf bytes.Buffer
	var h0, m0 int64
	if cache != nil {
		h0, m0 = cache.Stats()
		cfg.Cache = cache
	}
	Run(paths, cfg, Streams{Stdout: &buf, Stderr: &buf})
	if cache != nil {
		h, m := cache.Stats()
		hits, misses = h-h0, m-m0
	}
	return buf.String(), hits, misses
}

// entries lists the cache's entry files.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Dir(path) != dir && !strings.HasPrefix(d.Name(), ".tmp-") {
			out = append(out, path)
		}
		return nil
	})
	return out
}

// A second check of unchanged files takes every file from the cache and
// reports exactly what checking them afresh reports, in every format; an
// entry made for a text report, which lacks the fixes' edits, does not
// serve a JSON one.
func TestCacheSecondRunHits(t *testing.T) {
	dir := manyFiles(t, 21)
	cache := &Cache{Dir: filepath.Join(t.TempDir(), "cache")}
	const checkable = 21 - 3*2 // truncated and boom files fail, every time
	for _, format := range []Format{Text, GitHub, SARIF, JUnit, JSON, JSONLines} {
		for _, stats := range []bool{false, true} {
			opts := defaultOptions()
			opts.Rules = append(opts.Rules[:len(opts.Rules):len(opts.Rules)], panicRule)
			cfg := Config{Format: format, Statistics: stats, Options: opts}
			fresh, _, _ := cacheRun(t, cfg, nil, dir)
			first, _, _ := cacheRun(t, cfg, cache, dir)
			second, hits, misses := cacheRun(t, cfg, cache, dir)
			if hits != checkable || misses != 6 {
				t.Errorf("%s (statistics %v): second run: %d hits, %d misses; want %d, 6", format, stats, hits, misses, checkable)
			}
			if first != fresh || second != fresh {
				t.Errorf("%s (statistics %v): cached runs differ from a fresh one\n--- fresh:\n%s\n--- first:\n%s\n--- second:\n%s", format, stats, fresh, first, second)
			}
		}
	}
	// Marked as a cache and kept out of git.
	tag, err := os.ReadFile(filepath.Join(cache.Dir, "CACHEDIR.TAG"))
	if err != nil || !strings.HasPrefix(string(tag), "Signature: 8a477f597d28d172789f06886806bc55") {
		t.Errorf("CACHEDIR.TAG: %q, %v", tag, err)
	}
	if ignore, err := os.ReadFile(filepath.Join(cache.Dir, ".gitignore")); err != nil || !strings.Contains(string(ignore), "\n*\n") {
		t.Errorf(".gitignore: %q, %v", ignore, err)
	}
}

// Whatever the findings depend on is in the key: the file's bytes, the
// target, the rules, --unsafe-fixes, per-file ignores and the program. A
// changed input misses and gives the fresh findings, never the stale ones.
func TestCacheInvalidation(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.py": keras2Script, "b.py": keras2Script, "n.ipynb": keras2Notebook})
	cache := &Cache{Dir: t.TempDir()}
	base := Config{}
	all := []string{dir}
	if _, _, misses := cacheRun(t, base, cache, all...); misses != 3 {
		t.Fatalf("first run: %d misses, want 3", misses)
	}
	if _, hits, _ := cacheRun(t, base, cache, all...); hits != 3 {
		t.Fatalf("second run: %d hits, want 3", hits)
	}

	// Content: the changed file misses, and its new findings are reported.
	if err := os.WriteFile(filepath.Join(dir, "b.py"), []byte("print('clean now')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, hits, misses := cacheRun(t, base, cache, all...)
	if hits != 2 || misses != 1 || strings.Contains(out, "b.py:") {
		t.Errorf("after editing b.py: %d hits, %d misses, output:\n%s", hits, misses, out)
	}

	settings := map[string]Config{
		"target multi": {Options: cellfix.Options{Target: cellfix.TargetMulti, Rules: rules.All}},
		"fewer rules":  {Options: cellfix.Options{Target: cellfix.TargetTF, Rules: rules.All[1:]}},
		"unsafe fixes": {Options: cellfix.Options{Target: cellfix.TargetTF, Rules: rules.All, UnsafeFixes: true}},
		"keras 3.0":    {Options: cellfix.Options{Target: cellfix.TargetTF, Rules: rules.All, KerasVersion: cellfix.KerasVersion{Major: 3, Minor: 0}}},
	}
	for name, cfg := range settings {
		fresh, _, _ := cacheRun(t, cfg, nil, all...)
		out, hits, misses := cacheRun(t, cfg, cache, all...)
		if hits != 0 || misses != 3 || out != fresh {
			t.Errorf("%s: %d hits, %d misses (want 0, 3); output matches a fresh run: %v", name, hits, misses, out == fresh)
		}
		if _, hits, _ := cacheRun(t, cfg, cache, all...); hits != 3 {
			t.Errorf("%s, again: %d hits, want 3", name, hits)
		}
	}

	// Per-file ignores come from pyproject.toml.
	project := func() *Project { return &Project{Rules: rules.All} }
	if _, _, misses := cacheRun(t, Config{Project: project()}, cache, all...); misses != 0 {
		t.Errorf("without a pyproject.toml: %d misses, want 0 (same settings as before)", misses)
	}
	toml := "[tool.gokmig.per-file-ignores]\n\"a.py\" = [\"K310\"]\n"
	if err := os.WriteFile(filepath.Join(dir, "pyproject.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	out, hits, misses = cacheRun(t, Config{Project: project()}, cache, all...)
	if hits != 2 || misses != 1 || strings.Contains(out, "a.py:4:1: K310") || !strings.Contains(out, "a.py:") {
		t.Errorf("with per-file-ignores for a.py: %d hits, %d misses (want 2, 1), output:\n%s", hits, misses, out)
	}

	// Another build of gokmig: nothing is taken from the old one's entries.
	old := programID
	t.Cleanup(func() { programID = old })
	programID = func() string { return "another build" }
	if _, hits, misses := cacheRun(t, base, cache, all...); hits != 0 || misses != 3 {
		t.Errorf("another build: %d hits, %d misses, want 0, 3", hits, misses)
	}
}

// An entry that is cut short, garbled, or holds another key's findings is
// ignored: the file is checked afresh and the entry rewritten.
func TestCacheIgnoresCorruptEntries(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.py": keras2Script, "b.py": keras2Script + "x = 1\n", "n.ipynb": keras2Notebook, "m.ipynb": keras2Notebook})
	cache := &Cache{Dir: t.TempDir()}
	fresh, _, _ := cacheRun(t, Config{}, nil, dir)
	cacheRun(t, Config{}, cache, dir)
	files := entries(t, cache.Dir)
	if len(files) != 4 {
		t.Fatalf("%d entries, want 4: %v", len(files), files)
	}
	valid, err := os.ReadFile(files[1])
	if err != nil {
		t.Fatal(err)
	}
	damage := []func([]byte) []byte{
		func(b []byte) []byte { return b[:len(b)/2] },
		func(b []byte) []byte { return append([]byte("\x00garbage"), b...) },
		func([]byte) []byte { return valid }, // another file's entry, copied over
		func([]byte) []byte { return nil },
	}
	for i, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			continue // the copied one stays valid
		}
		if err := os.WriteFile(path, damage[i](data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, hits, misses := cacheRun(t, Config{}, cache, dir)
	if out != fresh || hits != 1 || misses != 3 {
		t.Errorf("with damaged entries: %d hits, %d misses (want 1, 3); output matches a fresh run: %v\n%s", hits, misses, out == fresh, out)
	}
	if out, hits, _ := cacheRun(t, Config{}, cache, dir); out != fresh || hits != 4 {
		t.Errorf("after rewriting them: %d hits, want 4; output matches a fresh run: %v", hits, out == fresh)
	}
}

// The walk never reads the cache, wherever it lies and whatever its name.
func TestCacheIsNotWalked(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.py": keras2Script})
	cache := &Cache{Dir: filepath.Join(dir, "plain-name")}
	cacheRun(t, Config{}, cache, dir)
	// A source file inside the cache would be found if the walk went in.
	if err := os.WriteFile(filepath.Join(cache.Dir, "inside.py"), []byte(keras2Script), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, _ := cacheRun(t, Config{}, cache, dir)
	if strings.Contains(out, "inside.py") || !strings.Contains(out, "1 file checked") {
		t.Errorf("the walk entered the cache:\n%s", out)
	}
}

// Only check uses the cache, and not for stdin.
func TestCacheOnlyForCheckOfFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{"a.py": keras2Script})
	cache := &Cache{Dir: t.TempDir()}
	for _, mode := range []Mode{DryRun, Diff} {
		var buf bytes.Buffer
		Run([]string{dir}, Config{Mode: mode, Format: Text, Options: defaultOptions(), Cache: cache}, Streams{Stdout: &buf, Stderr: &buf})
	}
	var buf bytes.Buffer
	Run([]string{StdinPath}, Config{Mode: Check, Format: Text, Options: defaultOptions(), Cache: cache},
		Streams{Stdin: strings.NewReader(keras2Script), Stdout: &buf, Stderr: &buf})
	if hits, misses := cache.Stats(); hits+misses != 0 || len(entries(t, cache.Dir)) != 0 {
		t.Errorf("convert or stdin used the cache: %d hits, %d misses, entries %v", hits, misses, entries(t, cache.Dir))
	}
}
