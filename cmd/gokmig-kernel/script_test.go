package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary double as gokmig-kernel inside the
// testdata/script/*.txtar scripts, so they run the real command line in a
// real process with real files.
// The test binary lives where go test builds it, in a go-build folder;
// install accepts it, while TestInstallRefusesAGoRunBinary checks a real
// 'go run'.
func TestMain(m *testing.M) {
	isGoRunBinary = func(string) bool { return false }
	testscript.Main(m, map[string]func(){"gokmig-kernel": main})
}

// TestScripts runs testdata/script/*.txtar. Each script starts in a fresh
// $WORK holding its own files plus a copy of examples/notebooks in
// $WORK/examples.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       *update,
		Setup: func(env *testscript.Env) error {
			return copyExamples(filepath.Join(env.WorkDir, "examples"))
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":    cmdExits,
			"hardlink": cmdHardlink,
			"writeq":   cmdWriteq,
		},
	})
}

// cmdExits runs a command like exec and checks its exact exit code, which
// the contract fixes (0, 1 or 2) and plain exec cannot tell apart:
//
//	exits 2 gokmig-kernel check bad.ipynb
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			ts.Fatalf("exits: %v", err)
		}
		got = exit.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

// cmdWriteq writes text with Go string escapes to a file, for bytes a txtar
// archive should not hold literally (invalid UTF-8, CRLF):
//
//	writeq bad.py 'x = "\xff"\n'
func cmdWriteq(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: writeq FILE ESCAPED-TEXT")
	}
	data, err := strconv.Unquote(`"` + strings.ReplaceAll(args[1], `"`, `\"`) + `"`)
	if err != nil {
		ts.Fatalf("writeq: %v", err)
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(data), 0o644))
}

// cmdHardlink gives a file a second name (testscript's symlink makes a
// symbolic link only):
//
//	hardlink old.ipynb new.ipynb
func cmdHardlink(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: hardlink EXISTING NEW")
	}
	ts.Check(os.Link(ts.MkAbs(args[0]), ts.MkAbs(args[1])))
}

func copyExamples(dst string) error {
	src := filepath.Join("..", "..", "examples", "notebooks")
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".ipynb" {
			continue
		}
		data, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
