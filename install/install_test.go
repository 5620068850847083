package install

import (
	"bytes"
	"encoding/json"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDataDirsOrder(t *testing.T) {
	t.Setenv("JUPYTER_PATH", "/first"+string(os.PathListSeparator)+"/second")
	t.Setenv("JUPYTER_DATA_DIR", "/user/data")
	t.Setenv("VIRTUAL_ENV", "/venv")
	t.Setenv("CONDA_PREFIX", "")
	t.Setenv("JUPYTER_PREFER_ENV_PATH", "")
	dirs := DataDirs()
	at := func(d string) int {
		for i, x := range dirs {
			if x == d {
				return i
			}
		}
		t.Fatalf("%s not in %v", d, dirs)
		return -1
	}
	if !(at("/first") < at("/second") && at("/second") < at("/user/data") && at("/user/data") < at("/venv/share/jupyter") &&
		at("/venv/share/jupyter") < at("/usr/local/share/jupyter")) {
		t.Errorf("order %v", dirs)
	}
	t.Setenv("JUPYTER_PREFER_ENV_PATH", "1")
	dirs = DataDirs()
	if at("/venv/share/jupyter") > at("/user/data") {
		t.Errorf("JUPYTER_PREFER_ENV_PATH ignored: %v", dirs)
	}
}

func TestUserDataDir(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "")
	t.Setenv("XDG_DATA_HOME", "/xdg")
	if got := UserDataDir(); got != "/xdg/jupyter" {
		t.Errorf("UserDataDir = %s", got)
	}
}

func TestInstallFindListUninstall(t *testing.T) {
	prefix := t.TempDir()
	opts := Options{
		Scope: ScopePrefix, Prefix: prefix, Name: "gk", DisplayName: DefaultDisplayName,
		Argv: KernelArgv("/opt/bin/gokmig-kernel", "/usr/bin/python3", "", "fix", "multi"),
	}
	dir, err := Install(opts)
	if err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(prefix, "share", "jupyter")
	if dir != filepath.Join(data, "kernels", "gk") {
		t.Errorf("installed in %s", dir)
	}
	var raw map[string]any
	body, _ := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	if raw["language"] != "python" || raw["interrupt_mode"] != "message" || raw["display_name"] != DefaultDisplayName {
		t.Errorf("kernel.json %s", body)
	}
	want := "/opt/bin/gokmig-kernel kernel --python /usr/bin/python3 --mode fix --target multi -f {connection_file}"
	if got := strings.Join(opts.Argv, " "); got != want {
		t.Errorf("argv %s", got)
	}
	for size, name := range map[int]string{32: "logo-32x32.png", 64: "logo-64x64.png"} {
		f, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(f))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
			t.Errorf("%s is %v", name, b)
		}
	}

	// A foreign kernelspec next to it.
	other := filepath.Join(data, "kernels", "Other-Kernel")
	os.MkdirAll(other, 0o755)
	os.WriteFile(filepath.Join(other, "kernel.json"), []byte(`{"argv": ["r", "{connection_file}"], "display_name": "R", "language": "R"}`), 0o644)
	broken := filepath.Join(data, "kernels", "broken")
	os.MkdirAll(broken, 0o755)
	os.WriteFile(filepath.Join(broken, "kernel.json"), []byte(`{"argv": `), 0o644)

	dirs := []string{data}
	spec, err := Find("other-kernel", dirs) // names compare case-insensitively
	if err != nil || spec.Language != "R" || spec.IsGokmig() {
		t.Fatalf("Find: %+v %v", spec, err)
	}
	specs, problems := List(dirs)
	if len(specs) != 2 || specs[0].Name != "Other-Kernel" && specs[1].Name != "Other-Kernel" {
		t.Errorf("List: %d specs", len(specs))
	}
	if len(problems) != 1 || !strings.Contains(problems[0].Error(), filepath.Join(broken, "kernel.json")) {
		t.Errorf("problems %v", problems)
	}
	if _, err := Uninstall("Other-Kernel", dirs); err == nil || !strings.Contains(err.Error(), "not installed by gokmig") {
		t.Errorf("foreign kernelspec removed: %v", err)
	}
	if removed, err := Uninstall("gk", dirs); err != nil || removed != dir {
		t.Fatalf("Uninstall: %s %v", removed, err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s still exists", dir)
	}
	if _, err := Find("gk", dirs); !errors.Is(err, ErrNotFound) {
		t.Errorf("Find after uninstall: %v", err)
	}
}

func TestInstallRejectsBadNamesAndScopes(t *testing.T) {
	if _, err := Install(Options{Scope: ScopePrefix, Prefix: t.TempDir(), Name: "a/b", Argv: []string{"x", "kernel"}}); err == nil {
		t.Error("name with a slash accepted")
	}
	if _, err := (Options{Scope: ScopePrefix}).DataDir(); err == nil {
		t.Error("--prefix without a directory accepted")
	}
	if d, _ := (Options{}).DataDir(); d != "/usr/local/share/jupyter" {
		t.Errorf("system scope is %s", d)
	}
	argv := KernelArgv("/bin/gk", "", "conda-env", "", "")
	if strings.Join(argv, " ") != "/bin/gk kernel --upstream-kernel conda-env -f {connection_file}" {
		t.Errorf("upstream argv %q", argv)
	}
}

// writeForeign writes a kernelspec of another kernel, with an extra file.
func writeForeign(t *testing.T, dir string) []byte {
	t.Helper()
	body := []byte(`{"argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "display_name": "Python 3 (ipykernel)", "language": "python"}`)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "kernel.json"), body, 0o644)
	os.WriteFile(filepath.Join(dir, "kernel.js"), []byte("// theirs"), 0o644)
	return body
}

// entries lists a directory's names.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	list, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range list {
		names = append(names, e.Name())
	}
	return names
}

func TestInstallRefusesToReplaceAForeignKernelspec(t *testing.T) {
	prefix := t.TempDir()
	kernels := filepath.Join(prefix, "share", "jupyter", "kernels")
	theirs := filepath.Join(kernels, "python3")
	body := writeForeign(t, theirs)
	opts := Options{Scope: ScopePrefix, Prefix: prefix, Name: "python3", DisplayName: DefaultDisplayName,
		Argv: KernelArgv("/opt/bin/gokmig-kernel", "/usr/bin/python3", "", "", "")}

	_, err := Install(opts)
	if !errors.Is(err, ErrForeignKernelspec) || !strings.Contains(err.Error(), theirs) || !strings.Contains(err.Error(), "--replace") {
		t.Fatalf("Install over another kernel's kernelspec: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(theirs, "kernel.json")); !bytes.Equal(got, body) {
		t.Errorf("their kernel.json changed to %s", got)
	}
	if _, err := os.Stat(filepath.Join(theirs, "kernel.js")); err != nil {
		t.Errorf("their other file is gone: %v", err)
	}

	// Neither may a broken kernel.json or a directory of other files be
	// taken for ours; an empty directory may.
	for name, fill := range map[string]func(dir string){
		"broken": func(dir string) { os.WriteFile(filepath.Join(dir, "kernel.json"), []byte(`{"argv": `), 0o644) },
		"files":  func(dir string) { os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644) },
		"empty":  func(string) {},
	} {
		dir := filepath.Join(kernels, name)
		os.MkdirAll(dir, 0o755)
		fill(dir)
		o := opts
		o.Name = name
		_, err := Install(o)
		if want := name != "empty"; errors.Is(err, ErrForeignKernelspec) != want {
			t.Errorf("%s: Install returned %v", name, err)
		}
	}

	// --replace overwrites theirs, leaving nothing of it or of the staging.
	opts.Replace = true
	dir, err := Install(opts)
	if err != nil {
		t.Fatal(err)
	}
	spec, err := Read(dir)
	if err != nil || !spec.IsGokmig() {
		t.Fatalf("after --replace: %+v %v", spec, err)
	}
	if got := strings.Join(entries(t, dir), " "); got != "kernel.json logo-32x32.png logo-64x64.png" {
		t.Errorf("replaced kernelspec holds %s", got)
	}
	if st, err := os.Stat(dir); err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("kernelspec directory mode: %v %v", st.Mode(), err)
	}
	// Installing again over our own needs no --replace.
	opts.Replace = false
	opts.DisplayName = "again"
	if _, err := Install(opts); err != nil {
		t.Fatalf("reinstall over our own: %v", err)
	}
	if spec, _ := Read(dir); spec.DisplayName != "again" {
		t.Errorf("reinstall kept display name %q", spec.DisplayName)
	}
	if got := strings.Join(entries(t, kernels), " "); got != "broken empty files python3" {
		t.Errorf("kernels directory holds %s", got)
	}
}

// A write that fails half way (a full disk) leaves the old kernelspec as it
// was, and no half-written one.
func TestFailedInstallKeepsTheOldKernelspec(t *testing.T) {
	prefix := t.TempDir()
	opts := Options{Scope: ScopePrefix, Prefix: prefix, Name: "gk", DisplayName: "old",
		Argv: KernelArgv("/opt/bin/gokmig-kernel", "/usr/bin/python3", "", "", "")}
	dir, err := Install(opts)
	if err != nil {
		t.Fatal(err)
	}
	full := errors.New("no space left on device")
	writes := 0
	writeFile = func(name string, data []byte, perm os.FileMode) error {
		if writes++; writes == 2 {
			return full
		}
		return os.WriteFile(name, data, perm)
	}
	t.Cleanup(func() { writeFile = os.WriteFile })

	opts.DisplayName = "new"
	if _, err := Install(opts); !errors.Is(err, full) {
		t.Fatalf("Install with a failing write: %v", err)
	}
	spec, err := Read(dir)
	if err != nil || spec.DisplayName != "old" {
		t.Fatalf("old kernelspec after a failed install: %+v %v", spec, err)
	}
	if got := strings.Join(entries(t, filepath.Dir(dir)), " "); got != "gk" {
		t.Errorf("kernels directory holds %s", got)
	}
	if got := strings.Join(entries(t, dir), " "); got != "kernel.json logo-32x32.png logo-64x64.png" {
		t.Errorf("old kernelspec holds %s", got)
	}
}
