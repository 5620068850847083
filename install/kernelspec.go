package install

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// KernelSpec is a kernel.json file and where it was found.
type KernelSpec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode,omitempty"`
	Env           map[string]string `json:"env,omitempty"`
	Metadata      map[string]any    `json:"metadata,omitempty"`

	// Name is the kernelspec's directory name.
	Name string `json:"-"`
	// ResourceDir is the directory holding kernel.json and the logos.
	ResourceDir string `json:"-"`
}

// validName matches the kernelspec names Jupyter accepts.
var validName = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

// CheckName rejects names Jupyter would not list.
func CheckName(name string) error {
	if !validName.MatchString(name) {
		return fmt.Errorf("invalid kernelspec name %q: use letters, digits, '.', '_' and '-' only", name)
	}
	return nil
}

// Read loads dir/kernel.json.
func Read(dir string) (*KernelSpec, error) {
	path := filepath.Join(dir, "kernel.json")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read kernelspec: %w", err)
	}
	var spec KernelSpec
	if err := json.Unmarshal(data, &spec); err != nil {
		return nil, fmt.Errorf("%s: invalid JSON: %w", path, err)
	}
	if len(spec.Argv) == 0 {
		return nil, fmt.Errorf("%s: argv is empty", path)
	}
	spec.Name = filepath.Base(dir)
	spec.ResourceDir = dir
	return &spec, nil
}

// ErrNotFound is returned by Find for an unknown name.
var ErrNotFound = errors.New("kernelspec not found")

// Find returns the first kernelspec called name in dirs (DataDirs() when
// nil). Names compare case-insensitively, as in jupyter_client.
func Find(name string, dirs []string) (*KernelSpec, error) {
	if dirs == nil {
		dirs = DataDirs()
	}
	for _, d := range dirs {
		entries, err := os.ReadDir(filepath.Join(d, "kernels"))
		if err != nil {
			continue
		}
		for _, e := range entries {
			if !strings.EqualFold(e.Name(), name) {
				continue
			}
			dir := filepath.Join(d, "kernels", e.Name())
			if _, err := os.Stat(filepath.Join(dir, "kernel.json")); err != nil {
				continue
			}
			return Read(dir)
		}
	}
	return nil, fmt.Errorf("%w: %q (searched %s)", ErrNotFound, name, strings.Join(kernelDirs(dirs), ", "))
}

// List returns every kernelspec in dirs (DataDirs() when nil), sorted by
// name. When a name appears in several directories the first one wins, as
// in Jupyter. Unreadable kernelspecs are reported in problems, not fatal.
func List(dirs []string) (specs []*KernelSpec, problems []error) {
	if dirs == nil {
		dirs = DataDirs()
	}
	seen := map[string]bool{}
	for _, d := range dirs {
		entries, err := os.ReadDir(filepath.Join(d, "kernels"))
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				problems = append(problems, fmt.Errorf("list kernelspecs: %w", err))
			}
			continue
		}
		for _, e := range entries {
			key := strings.ToLower(e.Name())
			if !e.IsDir() || seen[key] || !validName.MatchString(e.Name()) {
				continue
			}
			dir := filepath.Join(d, "kernels", e.Name())
			if _, err := os.Stat(filepath.Join(dir, "kernel.json")); err != nil {
				continue
			}
			seen[key] = true
			spec, err := Read(dir)
			if err != nil {
				problems = append(problems, err)
				continue
			}
			specs = append(specs, spec)
		}
	}
	sort.Slice(specs, func(i, j int) bool { return specs[i].Name < specs[j].Name })
	return specs, problems
}

func kernelDirs(dirs []string) []string {
	out := make([]string, len(dirs))
	for i, d := range dirs {
		out[i] = filepath.Join(d, "kernels")
	}
	return out
}
