package install

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// probeTimeout bounds one "can this interpreter import ipykernel" check;
// a cold import of ipykernel takes about a second.
const probeTimeout = 60 * time.Second

// CheckPython makes sure python can import ipykernel and returns its
// absolute path. Symlinks are kept: a venv's python is a symlink whose
// target would lose the venv.
func CheckPython(python string) (string, error) {
	path, err := exec.LookPath(python)
	if err != nil {
		return "", fmt.Errorf("python %s: %w", python, err)
	}
	if path, err = filepath.Abs(path); err != nil {
		return "", fmt.Errorf("python %s: %w", python, err)
	}
	if err := canImportIPykernel(path); err != nil {
		if strings.Contains(err.Error(), "No module named 'ipykernel'") {
			return "", fmt.Errorf("python %s cannot run the kernel: %w (install it with '%s -m pip install ipykernel')", path, err, path)
		}
		return "", fmt.Errorf("python %s cannot run the kernel: %w", path, err)
	}
	return path, nil
}

// FindPython returns the first python3 on PATH that can import ipykernel.
func FindPython() (string, error) {
	var tried []string
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" {
			dir = "."
		}
		cand := filepath.Join(dir, "python3")
		if st, err := os.Stat(cand); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			continue
		}
		abs, err := filepath.Abs(cand)
		if err != nil {
			continue
		}
		if err := canImportIPykernel(abs); err != nil {
			tried = append(tried, fmt.Sprintf("%s (%v)", abs, err))
			continue
		}
		return abs, nil
	}
	if len(tried) == 0 {
		return "", errors.New("no python3 on PATH; pass --python PATH")
	}
	return "", fmt.Errorf("no python3 on PATH can import ipykernel; tried %s; install ipykernel or pass --python PATH", strings.Join(tried, ", "))
}

// probeScript prints a marker only a Python 3 that imported ipykernel can
// print, so that a program that merely exits 0 is not taken for Python.
const probeScript = "import sys, ipykernel; print('ipykernel', ipykernel.__version__, 'python', sys.version_info[0])"

func canImportIPykernel(python string) error {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, python, "-c", probeScript)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if last := lastLine(stderr.String()); last != "" {
			return errors.New(last)
		}
		return err
	}
	out := strings.Fields(stdout.String())
	if len(out) != 4 || out[0] != "ipykernel" || out[3] != "3" {
		return errors.New("it does not behave like a Python 3 interpreter")
	}
	return nil
}

// sysPrefix asks python for its sys.prefix.
func sysPrefix(python string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, python, "-c", "import sys; print(sys.prefix)").Output()
	if err != nil {
		return "", fmt.Errorf("ask %s for sys.prefix: %w", python, err)
	}
	return strings.TrimSpace(string(out)), nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
