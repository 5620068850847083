//go:build unix

package nbformat

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
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

// needRoot skips t unless it runs as root, the only user who may give a
// file to another user.
func needRoot(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a file to another user")
	}
}

// fileAttrs is what the owner of a file set on it, beyond its contents.
type fileAttrs struct {
	mode     fs.FileMode
	uid, gid uint32
	xattrs   map[string]string
}

func attrsOf(t *testing.T, path string) fileAttrs {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := info.Sys().(*syscall.Stat_t)
	return fileAttrs{mode: info.Mode(), uid: st.Uid, gid: st.Gid, xattrs: xattrsOf(path)}
}

// A read-only file is not replaced, even by root, who may write anything.
func TestWriteFileRefusesReadOnly(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nb.ipynb")
	if err := os.WriteFile(path, []byte("old"), 0o444); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(path, []byte("new"))
	want := "write " + path + ": the file is read-only (mode 0444); left as it was (make it writable to convert it)"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("file holds %q", got)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"nb.ipynb"}) {
		t.Errorf("folder holds %q", names)
	}
}

// A file with other hard links is not replaced: the rename would cut it off
// from them, and they would keep the old text.
func TestWriteFileRefusesHardLinks(t *testing.T) {
	dir := t.TempDir()
	path, other := filepath.Join(dir, "nb.ipynb"), filepath.Join(dir, "same.ipynb")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(path, other); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(path, []byte("new"))
	if err == nil || !strings.HasPrefix(err.Error(), "write "+path+": the file has 2 hard links") {
		t.Errorf("err = %v, want a refusal naming 2 hard links", err)
	}
	for _, p := range []string{path, other} {
		if got, _ := os.ReadFile(p); string(got) != "old" {
			t.Errorf("%s holds %q", p, got)
		}
	}
	a, _ := os.Stat(path)
	b, _ := os.Stat(other)
	if !os.SameFile(a, b) {
		t.Error("the link was broken")
	}
}

var leftoverName = regexp.MustCompile(`^\.gokmig-[0-9a-f]{16}\.tmp$`)

// A run killed while writing leaves a temporary file that is recognisable,
// never more readable than the original, and removed by the next run for
// that file; while the writer lives, its temporary file is left alone.
func TestWriteFileKilledMidWrite(t *testing.T) {
	const pathEnv = "GOKMIG_NBFORMAT_KILL_PATH"
	if inChild(t) {
		// With no umask, a temporary file created wider than the original
		// would show it.
		syscall.Umask(0)
		testHookWritten = func(name string) {
			fmt.Printf("%s%s\n", childResult, name)
			time.Sleep(time.Hour) // until killed
		}
		err := WriteFile(os.Getenv(pathEnv), []byte("new secret"))
		t.Fatalf("WriteFile returned (%v) instead of stopping in the hook", err)
	}

	dir := t.TempDir()
	path := filepath.Join(dir, "nb.ipynb")
	if err := os.WriteFile(path, []byte("old secret"), 0o640); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		if err := os.Chown(path, 1234, 5678); err != nil {
			t.Fatal(err)
		}
	}
	want := attrsOf(t, path)

	// killedWriter starts a child that stops after writing its temporary
	// file, checks that file, and lets the caller kill it.
	killedWriter := func() (tmp string, kill func()) {
		before, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		cmd := childCommand(t, pathEnv+"="+path)
		var out bytes.Buffer
		pipe, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(io.TeeReader(pipe, &out))
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), childResult); ok {
				tmp = rest
				break
			}
		}
		if tmp == "" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("the child never reached the hook:\n%s", out.String())
		}
		if !leftoverName.MatchString(filepath.Base(tmp)) || filepath.Dir(tmp) != dir {
			t.Errorf("temporary file %s: want %s in %s", tmp, leftoverName, dir)
		}
		if got := attrsOf(t, tmp); got.mode != want.mode || got.uid != want.uid || got.gid != want.gid {
			t.Errorf("temporary file has mode %v, owner %d:%d; want the original's %v, %d:%d", got.mode, got.uid, got.gid, want.mode, want.uid, want.gid)
		}
		return tmp, func() {
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			if got, _ := os.ReadFile(tmp); string(got) != "new secret" {
				t.Errorf("leftover holds %q", got)
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, before) {
				t.Errorf("original holds %q after the kill, want %q", got, before)
			}
		}
	}

	tmp, kill := killedWriter()
	// A live writer's temporary file is not a leftover.
	if err := WriteFile(path, []byte("rival")); err == nil || !strings.Contains(err.Error(), "another run is writing this file") {
		t.Errorf("WriteFile during another write: err = %v", err)
	}
	if err := RemoveLeftover(path); err == nil {
		t.Error("RemoveLeftover removed a live writer's file")
	}
	if _, err := os.Stat(tmp); err != nil {
		t.Errorf("the live writer's temporary file is gone: %v", err)
	}
	kill()

	if err := WriteFile(path, []byte("final")); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"nb.ipynb"}) {
		t.Errorf("after the next write the folder holds %q", names)
	}
	if got := attrsOf(t, path); !reflect.DeepEqual(got, want) {
		t.Errorf("after the next write: %+v, want %+v", got, want)
	}

	_, kill = killedWriter()
	kill()
	if err := RemoveLeftover(path); err != nil {
		t.Fatal(err)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"nb.ipynb"}) {
		t.Errorf("after RemoveLeftover the folder holds %q", names)
	}
}

// A user who may replace another user's file (the folder is writable) but
// not give a file away is refused, rather than take the file over.
func TestWriteFileRefusesToTakeOver(t *testing.T) {
	const pathEnv = "GOKMIG_NBFORMAT_TAKEOVER_PATH"
	if inChild(t) {
		fmt.Printf("%s%v\n", childResult, WriteFile(os.Getenv(pathEnv), []byte("new")))
		return
	}
	needRoot(t)
	// The child runs as user 1234: it must reach the test binary and the
	// folder, which the Go tool and t.TempDir make private to root.
	dir := t.TempDir()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	binary := filepath.Join(dir, "test.bin")
	if data, err := os.ReadFile(exe); err != nil || os.WriteFile(binary, data, 0o755) != nil {
		t.Fatalf("copy the test binary: %v", err)
	}
	for d := dir; d != filepath.Dir(d) && strings.HasPrefix(d, os.TempDir()+"/"); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o777); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "theirs.ipynb")
	if err := os.WriteFile(path, []byte("old"), 0o666); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, 4321, 4321); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o666); err != nil { // not the umask's
		t.Fatal(err)
	}
	cmd := childCommand(t, pathEnv+"="+path)
	cmd.Path, cmd.Args[0] = binary, binary
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 1234, Gid: 1234}}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	want := "write " + path + ": cannot keep the file's owner and group (uid 4321, gid 4321): operation not permitted; left as it was"
	if got := resultOf(t, out); got != want {
		t.Errorf("WriteFile as user 1234: %s\nwant %s", got, want)
	}
	if got := attrsOf(t, path); got.uid != 4321 || got.mode != 0o666 {
		t.Errorf("file is now %+v", got)
	}
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Errorf("file holds %q", got)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"test.bin", "theirs.ipynb"}) {
		t.Errorf("folder holds %q", names)
	}
}
