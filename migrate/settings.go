package migrate

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/BurntSushi/toml"
	"github.com/go-git/go-git/v5/plumbing/format/gitignore"

	"github.com/gokmig/gokmig/cellfix"
)

// pyproject is the file that holds the [tool.gokmig] table.
const pyproject = "pyproject.toml"

// Settings are the [tool.gokmig] table of a pyproject.toml: the project's
// defaults, which command-line flags override.
type Settings struct {
	// File is the pyproject.toml they were read from; "" when none.
	File string `toml:"-"`
	// Root is the folder relative patterns are resolved against when it
	// is not File's folder: the working directory for --config, as Ruff.
	Root string `toml:"-"`
	// Target is "tf" or "multi"; "" when not set.
	Target string `toml:"target"`
	// Select and Ignore take rule names, codes, code prefixes or ALL.
	Select []string `toml:"select"`
	Ignore []string `toml:"ignore"`
	// Exclude replaces the default exclude list when not nil.
	Exclude       []string `toml:"exclude"`
	ExtendExclude []string `toml:"extend-exclude"`
	// PerFileIgnores maps a file pattern (relative to root(), as Ruff's)
	// to the selectors ignored in files it matches.
	PerFileIgnores map[string][]string `toml:"per-file-ignores"`
	// Mode is the kernel's default mode (warn, fix or off).
	Mode string `toml:"mode"`
	// CacheDir is check's cache folder, relative to root(); "" for the
	// default, DefaultCacheDir there.
	CacheDir string `toml:"cache-dir"`
	// KerasVersion is the Keras 3 release ("3.15") the code will run
	// on; "" when not set.
	KerasVersion string `toml:"keras-version"`
}

// LoadSettings finds the settings that apply in dir as Ruff does: the
// closest pyproject.toml in dir or above it that has a [tool.gokmig]
// table. It returns zero Settings (File "") when there is none.
func LoadSettings(dir string) (Settings, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Settings{}, fmt.Errorf("%s: %w", dir, err)
	}
	for d := abs; ; d = filepath.Dir(d) {
		s, found, err := readSettings(filepath.Join(d, pyproject))
		if err != nil || found {
			return s, err
		}
		if filepath.Dir(d) == d {
			return Settings{}, nil
		}
	}
}

// ReadSettings reads the [tool.gokmig] table of the file at path (the
// --config file), which must exist; a missing table gives zero Settings.
func ReadSettings(path string) (Settings, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Settings{}, fmt.Errorf("%s: cannot read: %w", path, pathCause(err))
	}
	s, _, err := parseSettings(path, data)
	s.File = path
	return s, err
}

// readSettings reads path's [tool.gokmig] table and says whether it has
// one; a missing file has none, and one that cannot be read is an error
// (its settings may matter).
func readSettings(path string) (s Settings, found bool, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return Settings{}, false, nil
		}
		return Settings{}, false, fmt.Errorf("%s: cannot read: %w", path, pathCause(err))
	}
	return parseSettings(path, data)
}

// parseSettings reads the [tool.gokmig] table of data, the text of path.
func parseSettings(path string, data []byte) (s Settings, found bool, err error) {
	var doc struct {
		Tool struct {
			Gokmig *toml.Primitive `toml:"gokmig"`
		} `toml:"tool"`
	}
	md, err := toml.Decode(string(data), &doc)
	if err != nil {
		return Settings{}, false, fmt.Errorf("%s: %s", path, oneLine(err.Error()))
	}
	if doc.Tool.Gokmig == nil {
		return Settings{}, false, nil
	}
	if err := md.PrimitiveDecode(*doc.Tool.Gokmig, &s); err != nil {
		return Settings{}, true, fmt.Errorf("%s: [tool.gokmig]: %s", path, oneLine(err.Error()))
	}
	// Only our own table's keys are checked: other tools' tables are theirs.
	for _, key := range md.Undecoded() {
		if len(key) > 2 && key[0] == "tool" && key[1] == "gokmig" {
			return Settings{}, true, fmt.Errorf("%s: [tool.gokmig]: unknown key %q", path, strings.Join(key[2:], "."))
		}
	}
	s.File = path
	return s, true, nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// root is the folder the settings' relative patterns start from.
func (s Settings) root() string {
	if s.Root != "" {
		return s.Root
	}
	return filepath.Dir(s.File)
}

// ignoredIn returns the selectors that per-file-ignores ignores in file.
// Patterns are gitignore-style globs relative to the settings' folder, as
// Ruff's: one without a slash matches a name at any depth; an initial "!"
// negates the pattern.
func (s Settings) ignoredIn(file string) []string {
	if len(s.PerFileIgnores) == 0 || s.File == "" {
		return nil
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil
	}
	root, err := filepath.Abs(s.root())
	if err != nil {
		return nil
	}
	domain := segments(root)
	path := segments(abs)
	var out []string
	for pattern, selectors := range s.PerFileIgnores {
		negate := strings.HasPrefix(pattern, "!")
		p := gitignore.ParsePattern(filepath.ToSlash(strings.TrimPrefix(pattern, "!")), domain)
		if (p.Match(path, false) == gitignore.Exclude) != negate {
			out = append(out, selectors...)
		}
	}
	return out
}

// Overrides are the settings given on the command line; they win over the
// configuration's. Empty values are not given.
type Overrides struct {
	Target         string
	KerasVersion   string
	Select, Ignore []string
}

// ResolveKerasVersion returns the Keras release the code will run on: the
// flag's, else the configuration's, else cellfix.LatestKeras.
func (s Settings) ResolveKerasVersion(flags Overrides) (cellfix.KerasVersion, error) {
	if flags.KerasVersion != "" {
		v, err := cellfix.ParseKerasVersion(flags.KerasVersion)
		if err != nil {
			return v, fmt.Errorf("--keras-version: %w", err)
		}
		return v, nil
	}
	if s.KerasVersion != "" {
		v, err := cellfix.ParseKerasVersion(s.KerasVersion)
		if err != nil {
			return v, fmt.Errorf("%s: [tool.gokmig] keras-version: %w", s.File, err)
		}
		return v, nil
	}
	return cellfix.LatestKeras, nil
}

// Resolve turns the settings, under the command line's overrides, into the
// target and the rules to run (ResolveKerasVersion gives the Keras
// release, which Resolve only validates). A bad value is an error naming the file.
func (s Settings) Resolve(all []*cellfix.Rule, flags Overrides) (cellfix.Target, []*cellfix.Rule, error) {
	target := cellfix.TargetTF
	if s.Target != "" {
		t, err := cellfix.ParseTarget(s.Target)
		if err != nil {
			return "", nil, fmt.Errorf("%s: [tool.gokmig] target: %w", s.File, err)
		}
		target = t
	}
	if flags.Target != "" {
		t, err := cellfix.ParseTarget(flags.Target)
		if err != nil {
			return "", nil, fmt.Errorf("--target: %w", err)
		}
		target = t
	}
	if _, err := s.ResolveKerasVersion(flags); err != nil {
		return "", nil, err
	}
	key := func(k string) string { return fmt.Sprintf("%s: [tool.gokmig] %s", s.File, k) }
	for pattern, selectors := range s.PerFileIgnores {
		for _, sel := range splitNames(selectors) {
			if _, err := matchSelector(all, key("per-file-ignores "+strconv.Quote(pattern)), sel); err != nil {
				return "", nil, err
			}
		}
	}
	rules, err := selectLayers(all, target,
		ruleLayer{key("select"), s.Select, key("ignore"), s.Ignore},
		ruleLayer{"--select", flags.Select, "--ignore", flags.Ignore})
	return target, rules, err
}

// Project gives each file the settings of its closest pyproject.toml
// under the command line's overrides, as Ruff does.
type Project struct {
	// Rules are every rule, for resolving selectors.
	Rules []*cellfix.Rule
	Flags Overrides
	// ConfigFile, when set (--config), holds the settings of every file.
	ConfigFile string
	// Isolated (--isolated) reads no configuration at all.
	Isolated bool

	// mu guards the two memos below: files are processed in parallel.
	mu     sync.Mutex
	byDir  map[string]loaded
	byFile map[string]resolved
}

// resolved is one settings file's outcome for the engine.
type resolved struct {
	target  cellfix.Target
	version cellfix.KerasVersion
	rules   []*cellfix.Rule
	err     error
}

// settings returns the settings that apply in dir, read once per folder.
func (p *Project) settings(dir string) (Settings, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.settingsLocked(dir)
}

// settingsLocked is settings with p.mu held.
func (p *Project) settingsLocked(dir string) (Settings, error) {
	if p.Isolated {
		return Settings{}, nil
	}
	key := dir
	if p.ConfigFile != "" {
		key = "" // one file for all
	}
	if l, ok := p.byDir[key]; ok {
		return l.settings, l.err
	}
	var l loaded
	if p.ConfigFile != "" {
		l.settings, l.err = ReadSettings(p.ConfigFile)
		l.settings.Root = "." // a file given by --config holds patterns relative to here
	} else {
		l.settings, l.err = LoadSettings(dir)
	}
	if p.byDir == nil {
		p.byDir = map[string]loaded{}
	}
	p.byDir[key] = l
	return l.settings, l.err
}

// CacheDir returns the folder of check's cache: flagDir (--cache-dir) when
// given, else the cache-dir of the settings that apply in the working
// directory, else DefaultCacheDir in their folder (the project's root, as
// Ruff's) or, with none, in the working directory. Relative values are
// relative to the folder of the file that gives them. A configuration that
// cannot be read gives "": its files fail with that error, uncached.
func (p *Project) CacheDir(flagDir string) string {
	if flagDir != "" {
		return flagDir
	}
	s, err := p.settings(".")
	if err != nil {
		return ""
	}
	dir := cmp.Or(s.CacheDir, DefaultCacheDir)
	if filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join(s.root(), dir)
}

// loaded is the outcome of reading one folder's settings.
type loaded struct {
	settings Settings
	err      error
}

// options returns the engine options for the file named name, starting
// from base (whose target and rules it replaces), and the selectors that
// per-file-ignores ignores there.
func (p *Project) options(name string, base cellfix.Options) (cellfix.Options, []string, error) {
	dir := filepath.Dir(name)
	if name == StdinPath {
		dir = "."
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s, err := p.settingsLocked(dir)
	if err != nil {
		return base, nil, err
	}
	r, ok := p.byFile[s.File]
	if !ok {
		r.target, r.rules, r.err = s.Resolve(p.Rules, p.Flags)
		if r.err == nil {
			r.version, r.err = s.ResolveKerasVersion(p.Flags)
		}
		if p.byFile == nil {
			p.byFile = map[string]resolved{}
		}
		p.byFile[s.File] = r
	}
	if r.err != nil {
		return base, nil, r.err
	}
	base.Target, base.Rules, base.KerasVersion = r.target, r.rules, r.version
	return base, s.ignoredIn(name), nil
}
