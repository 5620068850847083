package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/install"
)

// The ipykernel-style flags VS Code passes are accepted but not advertised.
func TestKernelHelpHidesIPykernelFlags(t *testing.T) {
	_, stdout, _ := runCLI("kernel", "--help")
	for _, hidden := range []string{"--Session.key", "--shell", "--hb", "--f "} {
		if strings.Contains(stdout, hidden) {
			t.Errorf("kernel --help shows %s", hidden)
		}
	}
}

func TestKernelVerbUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"kernel"}, "-f CONNECTION_FILE is required"},
		{[]string{"kernel", "-f", "x.json", "--mode", "loud"}, `unknown mode "loud"`},
		{[]string{"kernel", "-f", "x.json", "--target", "jax"}, `unknown target "jax"`},
		{[]string{"kernel", "-f", "x.json", "--python", "p", "--upstream-kernel", "k"}, "cannot be combined"},
		{[]string{"kernel", "-f", "x.json", "extra"}, `unexpected argument "extra"`},
		{[]string{"uninstall", "extra"}, `unexpected argument "extra"`},
		{[]string{"kernelspecs", "--json"}, "unknown flag: --json"},
	} {
		code, _, stderr := runCLI(tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

// install refuses, in one line and with the usage exit status, to overwrite
// a kernelspec of another kernel unless told to with --replace.
func TestInstallRefusesAForeignKernelspecWithoutReplace(t *testing.T) {
	prefix := t.TempDir()
	kernels := filepath.Join(prefix, "share", "jupyter", "kernels")
	// --upstream-kernel needs no Python probe; plain is the upstream.
	for _, name := range []string{"python3", "plain"} {
		os.MkdirAll(filepath.Join(kernels, name), 0o755)
		os.WriteFile(filepath.Join(kernels, name, "kernel.json"),
			[]byte(`{"argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "display_name": "Python 3", "language": "python"}`), 0o644)
	}
	theirs := filepath.Join(kernels, "python3")
	args := []string{"install", "--prefix", prefix, "--name", "python3", "--upstream-kernel", "plain"}

	code, stdout, stderr := runCLI(args...)
	if code != 2 || stdout != "" || strings.Count(stderr, "\n") != 1 ||
		!strings.Contains(stderr, theirs) || !strings.Contains(stderr, "--replace") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want 2 and one line naming %s and --replace", code, stdout, stderr, theirs)
	}
	if spec, err := install.Read(theirs); err != nil || spec.IsGokmig() {
		t.Fatalf("their kernelspec after the refusal: %+v %v", spec, err)
	}

	code, _, stderr = runCLI(append(args, "--replace")...)
	if code != 0 {
		t.Fatalf("--replace: exit %d, stderr %q", code, stderr)
	}
	if spec, err := install.Read(theirs); err != nil || !spec.IsGokmig() {
		t.Errorf("after --replace: %+v %v", spec, err)
	}
}
