//go:build unix

package nbformat

import (
	"bytes"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// TestWriteFileFailureLeavesOriginal makes the write itself fail for real:
// with a file size limit, write(2) returns EFBIG once the temporary file
// outgrows it. (Permissions cannot make it fail: the tests may run as root.)
func TestWriteFileFailureLeavesOriginal(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nb.ipynb")
	original := []byte(`{"nbformat": 4, "cells": []}`)
	if err := os.WriteFile(path, original, 0o640); err != nil {
		t.Fatal(err)
	}

	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	// Without this the kernel kills the process with SIGXFSZ instead.
	signal.Ignore(syscall.SIGXFSZ)
	defer signal.Reset(syscall.SIGXFSZ)
	limit := syscall.Rlimit{Cur: 4096, Max: old.Max}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &limit); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(path, bytes.Repeat([]byte("x"), 64<<10))
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}

	if err == nil || !strings.Contains(err.Error(), "file too large") {
		t.Fatalf("err = %v, want a 'file too large' error", err)
	}
	if !strings.HasPrefix(err.Error(), "write "+path+": ") {
		t.Errorf("error %q does not name the file", err)
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
