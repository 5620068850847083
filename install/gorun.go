package install

import (
	"os"
	"path/filepath"
	"strings"
)

// IsGoRunBinary reports whether the executable at path is one that
// 'go run' built: in a go-build* work folder of the temporary directory,
// or in the Go build cache, where go run keeps executables since Go 1.24.
// Both are deleted or evicted later, so a kernelspec must never point
// there.
func IsGoRunBinary(path string) bool {
	for _, tmp := range []string{os.TempDir(), os.Getenv("GOTMPDIR")} {
		if first, ok := firstBelow(tmp, path); ok && strings.HasPrefix(first, "go-build") {
			return true
		}
	}
	caches := []string{os.Getenv("GOCACHE")}
	if dir, err := os.UserCacheDir(); err == nil {
		caches = append(caches, filepath.Join(dir, "go-build"))
	}
	for _, cache := range caches {
		if _, ok := firstBelow(cache, path); ok {
			return true
		}
	}
	return false
}

// firstBelow returns the first name of path below dir, if path is below it.
func firstBelow(dir, path string) (string, bool) {
	if dir == "" {
		return "", false
	}
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return strings.Split(filepath.ToSlash(rel), "/")[0], true
}
