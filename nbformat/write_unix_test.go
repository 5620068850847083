//go:build unix

package nbformat

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// childEnv, set in a child process, names the test the child runs as a
// child; the test reads its other settings from the environment.
const childEnv = "GOKMIG_NBFORMAT_CHILD"

// childCommand re-runs this test binary as a child process that runs only
// test t, with env added; in it, inChild(t) is true.
func childCommand(t *testing.T, env ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^"+t.Name()+"$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), childEnv+"="+t.Name()), env...)
	return cmd
}

// inChild reports whether this process is the child childCommand made for t.
func inChild(t *testing.T) bool { return os.Getenv(childEnv) == t.Name() }

// childResult is the line a child prints to hand its result to the parent.
const childResult = "child result: "

// resultOf returns what the child printed after childResult.
func resultOf(t *testing.T, out []byte) string {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), childResult); ok {
			return rest
		}
	}
	t.Fatalf("the child printed no result:\n%s", out)
	return ""
}

// TestWriteFileFailureLeavesOriginal makes the write itself fail for real:
// with a file size limit, write(2) returns EFBIG once the temporary file
// outgrows it. (Permissions cannot make it fail: the tests may run as root.)
// The limit is set in a child process: lowered in this one, it would also
// stop `go test` from writing its test log, failing the package.
func TestWriteFileFailureLeavesOriginal(t *testing.T) {
	const pathEnv = "GOKMIG_NBFORMAT_FSIZE_PATH"
	if inChild(t) {
		// Without this the kernel kills the process with SIGXFSZ instead.
		signal.Ignore(syscall.SIGXFSZ)
		var old syscall.Rlimit
		if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
			t.Fatal(err)
		}
		limit := syscall.Rlimit{Cur: 4096, Max: old.Max}
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
			t.Fatal(err)
		}
		err := WriteFile(os.Getenv(pathEnv), bytes.Repeat([]byte("x"), 64<<10))
		fmt.Printf("%s%v\n", childResult, err)
		return
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "nb.ipynb")
	original := []byte(`{"nbformat": 4, "cells": []}`)
	if err := os.WriteFile(path, original, 0o640); err != nil {
		t.Fatal(err)
	}
	out, err := childCommand(t, pathEnv+"="+path).CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	msg := resultOf(t, out)
	if !strings.Contains(msg, "file too large") {
		t.Fatalf("WriteFile error = %q, want a 'file too large' error", msg)
	}
	if !strings.HasPrefix(msg, "write "+path+": ") {
		t.Errorf("error %q does not name the file", msg)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, original) {
		t.Errorf("original changed to %d bytes", len(got))
	}
	if info, _ := os.Stat(path); info.Mode() != 0o640 {
		t.Errorf("original mode changed to %v", info.Mode())
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"nb.ipynb"}) {
		t.Errorf("folder holds %q, want only nb.ipynb (temporary file left behind?)", names)
	}
}
