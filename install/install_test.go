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
		Argv: KernelArgv("/opt/bin/gokmig-kernel", "/usr/bin/python3", "", "fix"),
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
	want := "/opt/bin/gokmig-kernel kernel --python /usr/bin/python3 --mode fix -f {connection_file}"
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
	argv := KernelArgv("/bin/gk", "", "conda-env", "")
	if strings.Join(argv, " ") != "/bin/gk kernel --upstream-kernel conda-env -f {connection_file}" {
		t.Errorf("upstream argv %q", argv)
	}
}
