package kerasapi

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/internal/testenv"
)

// Names a migration may write: each must be in Keras 3.
var mustExist = map[string]Kind{
	"keras":              Module,
	"keras.layers":       Module,
	"keras.ops.image":    Module,
	"keras.layers.Dense": Class,
	"keras.ops.absolute": Function,
	"keras.utils.image_dataset_from_directory": Function,
	"keras.layers.TextVectorization":           Class,
	"keras.random.SeedGenerator":               Class,
	"keras.layers.TFSMLayer":                   Class,
	"keras.Variable":                           Class,
	"keras.Input":                              Function,
	"keras.backend.epsilon":                    Function,
	"keras.preprocessing.image.load_img":       Function,
}

// Names that exist only under tf.keras (or were removed): Keras 3 lacks them.
var mustNotExist = []string{
	"keras.preprocessing.image.ImageDataGenerator",
	"keras.preprocessing.text.Tokenizer",
	"keras.preprocessing.text",
	"keras.backend.int_shape",
	"keras.backend.get_value",
	"keras.losses.Reduction",
	"keras.layers.ThresholdedReLU",
	"keras.layers.LocallyConnected2D",
	"keras.src",
	"keras._tf_keras",
}

func TestLookupMustExist(t *testing.T) {
	for name, want := range mustExist {
		got, ok := Lookup(name)
		if !ok || got != want {
			t.Errorf("Lookup(%q) = %q, %v; want %q, true", name, got, ok, want)
		}
	}
}

func TestLookupMustNotExist(t *testing.T) {
	for _, name := range mustNotExist {
		if kind, ok := Lookup(name); ok {
			t.Errorf("Lookup(%q) = %q, true; want not found", name, kind)
		}
	}
}

// The table knows which names are modules.
func TestModules(t *testing.T) {
	for name, want := range map[string]bool{
		"keras":                       true,
		"keras.layers":                true,
		"keras.preprocessing.image":   true,
		"keras.applications.resnet50": true,
		"keras.layers.Dense":          false, // a class, not a module
		"keras.preprocessing.text":    false,
		"keras.src":                   false,
		"tensorflow":                  false,
		"":                            false,
	} {
		if got := api().kinds[name] == Module; got != want {
			t.Errorf("%q is a module: %v, want %v", name, got, want)
		}
	}
}

func TestCheck(t *testing.T) {
	for _, c := range []struct {
		chain, known string
		ok           bool
	}{
		{"keras.layers.Dense.from_config", "keras.layers.Dense", true},
		{"keras.layers.Dense", "keras.layers.Dense", true},
		{"keras.layers", "keras.layers", true},
		{"keras", "keras", true},
		{"keras.ops.image.resize", "keras.ops.image.resize", true},
		{"keras.Model.fit", "keras.Model", true},
		{"keras.preprocessing.image.ImageDataGenerator", "keras.preprocessing.image.ImageDataGenerator", false},
		{"keras.preprocessing.image.ImageDataGenerator.flow", "keras.preprocessing.image.ImageDataGenerator", false},
		{"keras.preprocessing.text.Tokenizer", "keras.preprocessing.text", false},
		{"keras.backend.int_shape", "keras.backend.int_shape", false},
		{"keras.losses.Reduction.NONE", "keras.losses.Reduction", false},
		{"keras.layers.", "keras.layers.", false},
		{"keras.src.layers.Dense", "keras.src", false},
		{"kerasx.layers", "", false},
		{"tensorflow.keras.layers", "", false},
		{"", "", false},
	} {
		known, ok := Check(c.chain)
		if known != c.known || ok != c.ok {
			t.Errorf("Check(%q) = %q, %v; want %q, %v", c.chain, known, ok, c.known, c.ok)
		}
	}
}

func TestNames(t *testing.T) {
	names := Names("keras.preprocessing.image")
	if !slices.Contains(names, "load_img") || slices.Contains(names, "ImageDataGenerator") {
		t.Errorf("Names(keras.preprocessing.image) = %v: want load_img and no ImageDataGenerator", names)
	}
	top := Names("keras")
	if !slices.IsSorted(top) {
		t.Errorf("Names(keras) is not sorted: %v", top)
	}
	for _, want := range []string{"layers", "ops", "Model", "Input"} {
		if !slices.Contains(top, want) {
			t.Errorf("Names(keras) lacks %q", want)
		}
	}
	top[0] = "mutated"
	if Names("keras")[0] == "mutated" {
		t.Error("Names returned the table's own slice; callers can corrupt it")
	}
	for _, m := range []string{"keras.layers.Dense", "keras.preprocessing.text", "nope"} {
		if got := Names(m); got != nil {
			t.Errorf("Names(%q) = %v, want nil for a non-module", m, got)
		}
	}
}

func TestParseRejectsBadTables(t *testing.T) {
	for _, c := range []struct{ text, wantErr string }{
		{"", "line 1"},
		{"module keras\n", "line 1"},
		{"# keras \nmodule keras\n", "line 1"},
		{"# keras 3.0.0\nmodule\n", "line 2"},
		{"# keras 3.0.0\nmodule keras\nthing keras.x\n", `unknown kind "thing"`},
		{"# keras 3.0.0\nmodule keras\nclass tensorflow.X\n", "not under keras"},
		{"# keras 3.0.0\nmodule keras\nclass keras.X\nclass keras.X\n", "duplicate"},
		{"# keras 3.0.0\nmodule keras\nclass keras.layers.Dense\n", "keras.layers exports names but has no module line"},
	} {
		if _, err := parse(c.text); err == nil || !strings.Contains(err.Error(), c.wantErr) {
			t.Errorf("parse(%q) error = %v, want one containing %q", c.text, err, c.wantErr)
		}
	}
}

// TestTableIsCurrent regenerates the tables from the venv's keras and
// demands the committed api.txt and tf_keras_api.txt match them byte for
// byte.
func TestTableIsCurrent(t *testing.T) {
	root, python := testenv.ModuleRoot(), testenv.Python(t, "keras")
	for _, table := range []struct {
		file, flag, committed string
	}{
		{"api.txt", "", tableText},
		{"tf_keras_api.txt", "--tf-keras", tfKerasText},
	} {
		out := filepath.Join(t.TempDir(), table.file)
		args := []string{filepath.Join(root, "scripts", "gen-kerasapi.py")}
		if table.flag != "" {
			args = append(args, table.flag)
		}
		cmd := exec.Command(python, append(args, out)...)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("scripts/gen-kerasapi.py %s: %v\n%s", table.flag, err, msg)
		}
		fresh, err := os.ReadFile(out)
		if err != nil {
			t.Fatalf("read %s: %v", out, err)
		}
		if bytes.Equal(fresh, []byte(table.committed)) {
			continue
		}
		freshLines := strings.Split(string(fresh), "\n")
		oldLines := strings.Split(table.committed, "\n")
		for i := range max(len(freshLines), len(oldLines)) {
			got, want := at(oldLines, i), at(freshLines, i)
			if got != want {
				t.Fatalf("cellfix/kerasapi/%s is stale: line %d is %q, keras in .venv gives %q; "+
					"run .venv/bin/python scripts/gen-kerasapi.py %s", table.file, i+1, got, want, table.flag)
			}
		}
	}
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "<end of file>"
}

// TestVersionMatchesRequirements keeps the table tied to the pinned keras.
func TestVersionMatchesRequirements(t *testing.T) {
	path := filepath.Join(testenv.ModuleRoot(), "requirements.in")
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	var pinned string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "keras=="); ok {
			pinned = strings.TrimSpace(v)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	if pinned == "" {
		t.Fatalf("%s pins no keras==VERSION", path)
	}
	if Version() != pinned {
		t.Errorf("api.txt is for keras %s but %s pins %s; run .venv/bin/python scripts/gen-kerasapi.py after scripts/setup",
			Version(), path, pinned)
	}
}

func BenchmarkCheck(b *testing.B) {
	for b.Loop() {
		Check("keras.preprocessing.image.ImageDataGenerator.flow_from_directory")
		Check("keras.layers.Dense.from_config")
	}
}

// tf.keras's compatibility API keeps much of Keras 2 that Keras 3 dropped,
// but not everything (feature columns, estimators, dtensor).
func TestInTFKeras(t *testing.T) {
	for name, want := range map[string]bool{
		"keras.preprocessing.image.ImageDataGenerator": true,
		"keras.preprocessing.text.Tokenizer":           true,
		"keras.backend.int_shape":                      true,
		"keras.layers.Dense":                           true,
		"keras.layers.DenseFeatures":                   false,
		"keras.estimator":                              false,
		"keras.dtensor":                                false,
		"keras.layers.LocallyConnected2D":              false,
	} {
		if got := InTFKeras(name); got != want {
			t.Errorf("InTFKeras(%q) = %v, want %v", name, got, want)
		}
	}
}
