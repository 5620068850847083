package install

import (
	"os"
	"path/filepath"
	"testing"
)

func TestIsGoRunBinary(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("GOCACHE", cache)
	t.Setenv("GOTMPDIR", "")
	for path, want := range map[string]bool{
		filepath.Join(os.TempDir(), "go-build1234", "b001", "exe", "gokmig-kernel"): true,
		filepath.Join(cache, "4f", "4f00-d", "gokmig-kernel"):                       true,
		filepath.Join(os.TempDir(), "mybuild", "gokmig-kernel"):                     false,
		"/usr/local/bin/gokmig-kernel":                                              false,
		filepath.Join(cache+"-other", "gokmig-kernel"):                              false,
	} {
		if got := IsGoRunBinary(path); got != want {
			t.Errorf("IsGoRunBinary(%s) = %v, want %v", path, got, want)
		}
	}
}
