package migrate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/internal/version"
)

// DefaultCacheDir is the cache's folder, in the project's root (the folder
// of the pyproject.toml that applies to the working directory, else the
// working directory), as Ruff's .ruff_cache.
const DefaultCacheDir = ".gokmig_cache"

// cacheFormat names the layout of an entry; a change to cacheEntry or to
// how keys are made changes it, so older entries are never read.
const cacheFormat = "gokmig check cache 1"

// Cache remembers what check found in a file, so that checking an
// unchanged file again costs little more than reading it. An entry is
// found by a key that hashes everything the findings depend on: the
// file's name and bytes, the program that made them (version and build),
// and the settings that apply to the file (target, rules, unsafe fixes,
// per-file ignores). Suppression by noqa comments and cell tags depends
// only on the bytes. The report format is not in the key: an entry holds
// the findings, which every format is made from.
//
// Entries are files named by their key under Dir; each is written to a
// temporary file and renamed, so a reader sees a whole entry or none, and
// an entry that cannot be read or decoded is treated as missing.
type Cache struct {
	// Dir is the cache's folder; it is made, with a CACHEDIR.TAG and a
	// .gitignore that ignores it, when the first entry is written.
	Dir string

	hits, misses atomic.Int64
	setup        sync.Once
	setupErr     error
	writeErr     atomic.Pointer[error]
}

// Stats reports how many files were found in the cache and how many were
// not (and so were checked), for tests and debugging.
func (c *Cache) Stats() (hits, misses int64) { return c.hits.Load(), c.misses.Load() }

// programID identifies the program whose rules made an entry: a new build
// gives new keys, so entries of an older one are never used. Tests replace
// it to stand for another build.
var programID = sync.OnceValue(func() string {
	return version.Version + " " + buildID()
})

// buildID is the Go build ID of the running executable, which changes
// whenever its code does. Go writes it near the start of the text segment
// as `\xff Go build ID: "ID"\n \xff`; when it cannot be found there, a hash
// of the whole executable serves instead.
func buildID() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown executable"
	}
	f, err := os.Open(exe)
	if err != nil {
		return "unreadable executable " + exe
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	const prefix = "\xff Go build ID: \""
	if i := bytes.Index(head, []byte(prefix)); i >= 0 {
		rest := head[i+len(prefix):]
		if j := bytes.IndexByte(rest, '"'); j > 0 {
			return string(rest[:j])
		}
	}
	h := sha256.New()
	h.Write(head)
	if _, err := io.Copy(h, f); err != nil {
		return "unreadable executable " + exe
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// cacheKey is the key of the findings of the file named name, holding
// data, under opts and the per-file ignores ignored. ok is false when the
// options cannot be keyed (a Suppress function from the caller).
func cacheKey(name string, data []byte, opts cellfix.Options, ignored []string) (key string, ok bool) {
	if opts.Suppress != nil {
		return "", false
	}
	h := sha256.New()
	field := func(s string) {
		// Length-prefixed, so that no two lists of fields hash alike.
		h.Write(strconv.AppendInt(nil, int64(len(s)), 10))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	field(cacheFormat)
	field(programID())
	field(name)
	field(string(opts.Target))
	field(strconv.FormatBool(opts.UnsafeFixes))
	// The Keras release decides which findings a later Keras fixed.
	v := opts.KerasVersion.OrLatest()
	field(strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor))
	// The rules that run, in order (which orders findings at one spot).
	for _, r := range opts.Rules {
		if r.AppliesTo(opts.Target) {
			field(r.Code + " " + r.Name)
		}
	}
	field("")
	ignored = slices.Sorted(slices.Values(ignored)) // they come from a map
	field(strconv.Itoa(len(ignored)))
	for _, sel := range ignored {
		field(sel)
	}
	sum := sha256.Sum256(data)
	h.Write(sum[:])
	return hex.EncodeToString(h.Sum(nil)), true
}

// cacheEntry is what an entry holds: what check reported of one file.
type cacheEntry struct {
	// Key repeats the entry's key, so that a file copied or renamed into
	// place under another key is not used.
	Key string
	// Skipped is File.Skipped.
	Skipped string
	// Edits says whether the fixes carry their edits (made for a JSON
	// report); an entry without them does not serve one that needs them.
	Edits    bool
	Findings []located
}

// path is where the entry of key lies.
func (c *Cache) path(key string) string { return filepath.Join(c.Dir, key[:2], key[2:]) }

// get returns the entry of key, or nil when there is none that serves a
// report needing edits or not.
func (c *Cache) get(key string, edits bool) *cacheEntry {
	data, err := os.ReadFile(c.path(key))
	if err != nil {
		c.misses.Add(1)
		return nil
	}
	var e cacheEntry
	if json.Unmarshal(data, &e) != nil || e.Key != key || edits && !e.Edits {
		c.misses.Add(1)
		return nil
	}
	c.hits.Add(1)
	for i := range e.Findings {
		fd := &e.Findings[i]
		if fd.Fix == nil {
			continue
		}
		if !edits {
			fd.Fix.Edits = nil // as check leaves them when no report shows them
		}
		// Both fix fields are "fix" in JSON, and the outer one wins: the
		// engine's summary is the same value.
		summary := fd.Fix.FixSummary
		fd.Finding.Finding.Fix = &summary
	}
	return &e
}

// put stores e under its key. A failure is remembered for Err and
// otherwise ignored: the cache only saves work.
func (c *Cache) put(e *cacheEntry) {
	c.setup.Do(func() { c.setupErr = c.makeDir() })
	err := c.setupErr
	if err == nil {
		err = c.write(e)
	}
	if err != nil {
		c.writeErr.CompareAndSwap(nil, &err)
	}
}

// Err returns the first error writing the cache, or nil.
func (c *Cache) Err() error {
	if p := c.writeErr.Load(); p != nil {
		return *p
	}
	return nil
}

func (c *Cache) write(e *cacheEntry) error {
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("encode an entry: %w", err)
	}
	path := c.path(e.Key)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return writeAtomic(path, data)
}

// writeAtomic writes data to a temporary file beside path and renames it
// to path, so that a reader never sees part of it.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(data)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// cacheDirTag marks the folder as a cache, for backup tools and for the
// directory walk (https://bford.info/cachedir/).
const cacheDirTag = cacheDirTagSignature + "\n" +
	"# This file is a cache directory tag created by gokmig.\n" +
	"# For information about cache directory tags, see https://bford.info/cachedir/\n"

// cacheDirTagSignature starts every CACHEDIR.TAG.
const cacheDirTagSignature = "Signature: 8a477f597d28d172789f06886806bc55"

// makeDir makes the cache's folder with its tag and a .gitignore that
// keeps it out of git.
func (c *Cache) makeDir() error {
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		return err
	}
	for name, text := range map[string]string{"CACHEDIR.TAG": cacheDirTag, ".gitignore": "# Made by gokmig.\n*\n"} {
		path := filepath.Join(c.Dir, name)
		if _, err := os.Lstat(path); errors.Is(err, os.ErrNotExist) {
			if err := writeAtomic(path, []byte(text)); err != nil {
				return err
			}
		}
	}
	return nil
}
