package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/install"
	"github.com/gokmig/gokmig/internal/testenv"
	"github.com/gokmig/gokmig/kernel"
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

// A binary that 'go run' built is deleted or evicted later: install
// refuses to write it into a kernelspec, in one line, and writes nothing.
func TestInstallRefusesAGoRunBinary(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		testenv.Missing(t, "the Go toolchain is not on PATH: %v", err)
	}
	prefix := t.TempDir()
	cmd := exec.Command(goTool, "run", ".", "install", "--prefix", prefix, "--upstream-kernel", "python3")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("go run . install: %v, stderr %q; want exit status 1", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
	last := lines[len(lines)-1] // go run prints "exit status 1" after it
	if len(lines) >= 2 {
		last = lines[len(lines)-2]
	}
	if !strings.HasPrefix(last, "gokmig-kernel install: ") || !strings.Contains(last, "temporary binary of 'go run'") || !strings.Contains(last, "go install") {
		t.Errorf("stderr %q; want one line saying the binary is a temporary one of go run", stderr.String())
	}
	if entries, _ := os.ReadDir(prefix); len(entries) != 0 {
		t.Errorf("install wrote %v into the prefix", entries)
	}
}

// The wheel's kernelspec: "python -m gokmig kernel", as ipykernel's own
// kernelspec starts "python -m ipykernel_launcher", and uninstall from the
// data directory that --prefix names.
func TestInstallPythonModuleAndUninstallFromAPrefix(t *testing.T) {
	prefix, elsewhere := t.TempDir(), t.TempDir()
	for _, p := range []string{prefix, elsewhere} {
		if code, _, stderr := runCLI("install", "--prefix", p, "--python-module"); code != 0 {
			t.Fatalf("install --python-module: exit %d: %s", code, stderr)
		}
	}
	spec, err := install.Read(filepath.Join(prefix, "share", "jupyter", "kernels", "gokmig"))
	if err != nil {
		t.Fatal(err)
	}
	want := `["python" "-m" "gokmig" "kernel" "-f" "{connection_file}"]`
	if got := fmt.Sprintf("%q", spec.Argv); got != want || spec.DisplayName != install.DefaultDisplayName || !spec.IsGokmig() {
		t.Errorf("kernelspec argv %s, display name %q; want %s and %q", got, spec.DisplayName, want, install.DefaultDisplayName)
	}

	if code, _, stderr := runCLI("uninstall", "--user", "--prefix", prefix); code != 2 || !strings.Contains(stderr, "at most one of") {
		t.Errorf("uninstall --user --prefix: exit %d, %q; want a usage error", code, stderr)
	}
	code, stdout, stderr := runCLI("uninstall", "--prefix", prefix)
	if code != 0 || !strings.Contains(stdout, spec.ResourceDir) {
		t.Fatalf("uninstall --prefix: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(spec.ResourceDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s is still there: %v", spec.ResourceDir, err)
	}
	if _, err := install.Read(filepath.Join(elsewhere, "share", "jupyter", "kernels", "gokmig")); err != nil {
		t.Errorf("uninstall --prefix removed the kernelspec of another prefix: %v", err)
	}
	if code, _, stderr := runCLI("uninstall", "--prefix", prefix); code != 1 || !strings.Contains(stderr, "gokmig") {
		t.Errorf("second uninstall --prefix: exit %d, %q; want 1 and a line saying it is not there", code, stderr)
	}
}

// The kernel takes target, select, ignore and mode from the [tool.gokmig]
// table of its working directory's pyproject.toml; its flags win.
func TestKernelReadsProjectSettings(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write := func(text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, "pyproject.toml"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("[tool.gokmig]\nmode = \"fix\"\ntarget = \"multi\"\nselect = [\"K3\"]\nignore = [\"K301\"]\nkeras-version = \"3.2\"\n")
	var version cellfix.KerasVersion
	settings := func(args ...string) (kernel.Mode, cellfix.Target, []*cellfix.Rule, error) {
		fs := newFlagSet("kernel")
		mode, target, keras := sessionFlags(fs)
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		m := kernel.Mode(*mode)
		tg, v, rs, err := kernelSettings(fs, &m, *target, *keras)
		version = v
		return m, tg, rs, err
	}
	m, target, checked, err := settings()
	if err != nil || m != kernel.ModeFix || target != cellfix.TargetMulti {
		t.Fatalf("settings() = %s, %s, %v; want fix, multi", m, target, err)
	}
	for _, r := range checked {
		if !strings.HasPrefix(r.Code, "K3") || r.Code == "K301" {
			t.Errorf("rule %s %s checked; want only K3 rules but K301", r.Code, r.Name)
		}
	}
	if len(checked) == 0 {
		t.Error("no rules checked; want the K3 rules")
	}
	if version != (cellfix.KerasVersion{Major: 3, Minor: 2}) {
		t.Errorf("keras-version = %s; want 3.2 from the file", version)
	}
	m, target, _, _ = settings("--mode", "off", "--target", "tf", "--keras-version", "3.9")
	if m != kernel.ModeOff || target != cellfix.TargetTF || version != (cellfix.KerasVersion{Major: 3, Minor: 9}) {
		t.Errorf("flags gave %s, %s, %s; want off, tf, 3.9 (flags win)", m, target, version)
	}
	write("[tool.gokmig]\nkeras-version = \"2.15\"\n")
	if _, _, _, err := settings(); err == nil || !strings.Contains(err.Error(), "[tool.gokmig] keras-version") {
		t.Errorf("keras-version 2.15: error %v", err)
	}
	write("[tool.gokmig]\nmode = \"loud\"\n")
	if _, _, _, err := settings(); err == nil || !strings.Contains(err.Error(), `pyproject.toml: [tool.gokmig] mode: unknown mode "loud"`) {
		t.Errorf("mode loud: error %v", err)
	}
	// A bad file changes nothing: the kernel starts with its flags.
	write("[tool.gokmig]\nmode = \"fix\"\nselect = [\"K9\"]\n")
	if m, _, _, err := settings(); err == nil || m != kernel.ModeWarn {
		t.Errorf("select K9: mode %s, error %v; want warn and an error", m, err)
	}
}
