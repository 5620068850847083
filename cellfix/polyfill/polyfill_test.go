package polyfill_test

import (
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/polyfill"
	"github.com/gokmig/gokmig/cellfix/rules"
)

func TestFilesDefineWhatTheRulesUse(t *testing.T) {
	for _, name := range []string{"LocallyConnected1D", "LocallyConnected2D", "RandomFourierFeatures", "RadialConstraint", "backend_function"} {
		pf := polyfill.Lookup(name)
		if pf == nil {
			t.Errorf("no polyfill defines %s", name)
			continue
		}
		if !strings.HasPrefix(pf.Code, "# Keras 3 removed ") {
			t.Errorf("%s: the inserted code must start by saying what it replaces:\n%s", name, pf.Code[:80])
		}
		// It parses, and defines the name at module level.
		doc, err := cellfix.NewDocument([]cellfix.Source{{Text: "import keras\n" + pf.Code + "\n"}}, true)
		if err != nil {
			t.Fatal(err)
		}
		diags, err := cellfix.Check(doc, cellfix.Options{Target: cellfix.TargetMulti, Rules: rules.All})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range diags {
			t.Errorf("%s: gokmig reports its own polyfill: %s", name, d.Message)
		}
	}
	if n := len(polyfill.All()); n != 4 {
		t.Errorf("%d polyfill files, want 4", n)
	}
}

func fix(t *testing.T, cells []string, firstEditable int) []string {
	t.Helper()
	var sources []cellfix.Source
	for i, c := range cells {
		sources = append(sources, cellfix.Source{Index: i, Text: c})
	}
	doc, err := cellfix.NewDocument(sources, len(cells) == 1)
	if err != nil {
		t.Fatal(err)
	}
	doc.FirstEditable = firstEditable
	res, err := cellfix.FixDocument(doc, cellfix.Options{Target: cellfix.TargetTF, UnsafeFixes: true, Rules: []*cellfix.Rule{rules.RemovedAPI}})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range res.Doc.Sources() {
		out = append(out, s.Text)
	}
	return out
}

// One definition per notebook, in the first cell that uses the class,
// before the statement that does; later cells use it.
func TestDefinedOncePerNotebook(t *testing.T) {
	code := polyfill.Lookup("LocallyConnected1D").Code
	got := fix(t, []string{
		"import tensorflow as tf\nx = 1\n",
		"y = 2\nm = tf.keras.Sequential([\n    tf.keras.layers.LocallyConnected1D(4, 3),\n])\n",
		"z = tf.keras.layers.LocallyConnected1D(2, 2)\n",
	}, 0)
	want := []string{
		"import tensorflow as tf\nimport keras\nx = 1\n",
		"y = 2\n\n\n" + code + "\n\n\nm = tf.keras.Sequential([\n    LocallyConnected1D(4, 3),\n])\n",
		"z = LocallyConnected1D(2, 2)\n",
	}
	sameCells(t, got, want)
}

// A kernel session's new cell uses the definition an earlier cell ran.
func TestDefinitionFromHistory(t *testing.T) {
	code := polyfill.Lookup("RadialConstraint").Code
	got := fix(t, []string{
		"import keras\n" + code + "\n",
		"c = keras.constraints.RadialConstraint()\n",
	}, 1)
	if got[1] != "c = RadialConstraint()\n" {
		t.Errorf("got %q", got[1])
	}
}

// A definition of the same name that is not the polyfill is the program's
// own: no fix.
func TestNameTaken(t *testing.T) {
	src := "import keras\nRadialConstraint = keras.constraints.MaxNorm\nc = keras.constraints.RadialConstraint()\n"
	if got := fix(t, []string{src}, 0); got[0] != src {
		t.Errorf("changed:\n%s", got[0])
	}
}

// The code for LocallyConnected1D also defines LocallyConnected2D: where
// the program has its own LocallyConnected2D before the insertion point,
// inserting it would rebind that name for the program's later uses.
func TestOtherNameTaken(t *testing.T) {
	for _, src := range []string{
		"import keras\n\n\ndef LocallyConnected2D(*args):\n    return keras.layers.Conv2D(*args)\n\n\n" +
			"a = keras.layers.LocallyConnected1D(2, 2)\nb = LocallyConnected2D(4, 3)\n",
		"import keras\nfrom tensorflow.keras.layers import LocallyConnected1D\n\nLocallyConnected2D = keras.layers.Conv2D\n" +
			"a = LocallyConnected1D(2, 2)\nb = LocallyConnected2D(4, 3)\n",
	} {
		if got := fix(t, []string{src}, 0); got[0] != src {
			t.Errorf("changed:\n%s", got[0])
		}
	}
}

// LocallyConnected1D and LocallyConnected2D share one file: inserted once
// for both.
func TestSharedFileOnce(t *testing.T) {
	code := polyfill.Lookup("LocallyConnected2D").Code
	got := fix(t, []string{
		"import keras\na = keras.layers.LocallyConnected2D(4, 3)\n",
		"b = keras.layers.LocallyConnected1D(2, 2)\n",
	}, 0)
	want := []string{
		"import keras\n\n\n" + code + "\n\n\na = LocallyConnected2D(4, 3)\n",
		"b = LocallyConnected1D(2, 2)\n",
	}
	sameCells(t, got, want)
}

// Where the import the code needs and the code itself go to one point, the
// import comes first.
func TestImportBeforeDefinition(t *testing.T) {
	code := polyfill.Lookup("RandomFourierFeatures").Code
	got := fix(t, []string{
		"import tensorflow as tf\n",
		"rff = tf.keras.layers.experimental.RandomFourierFeatures(8)\n",
	}, 1)
	if want := "import keras\n\n\n" + code + "\n\n\nrff = RandomFourierFeatures(8)\n"; got[1] != want {
		t.Errorf("got:\n%s\nwant:\n%s", got[1], want)
	}
}

func sameCells(t *testing.T, got, want []string) {
	t.Helper()
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("cell %d:\n%s\nwant:\n%s", i, got[i], want[i])
		}
	}
}

// A use in a function body may stand above the import the code needs
// (here `import keras`, which goes where the tensorflow import was): the
// code runs when it is defined, so it goes after that import.
func TestDefinitionAfterItsImport(t *testing.T) {
	code := polyfill.Lookup("LocallyConnected1D").Code
	fn := "def g():\n    return LocallyConnected1D(2, 2)\n\n\n"
	for _, c := range []struct{ src, want string }{
		{fn + "from tensorflow.keras.layers import LocallyConnected1D\ny = g()\n", fn + "import keras\n\n\n" + code + "\n\n\ny = g()\n"},
		{"def g():\n    return tf.keras.layers.LocallyConnected1D(2, 2)\n\n\nimport tensorflow as tf\ny = g()\n",
			fn + "import tensorflow as tf\nimport keras\n\n\n" + code + "\n\n\ny = g()\n"},
	} {
		sameCells(t, fix(t, []string{c.src}, 0), []string{c.want})
	}
}

// An `import keras` the program has lower in the cell (below a function
// that uses the class, or in the middle of the cell) comes before the
// code, which runs when it is defined and needs it.
func TestDefinitionAfterExistingImport(t *testing.T) {
	code := polyfill.Lookup("LocallyConnected1D").Code
	for _, c := range []struct{ src, want string }{
		{"def g():\n    return keras.layers.LocallyConnected1D(2, 2)\n\n\nimport keras\ny = g()\n",
			"def g():\n    return LocallyConnected1D(2, 2)\n\n\nimport keras\n\n\n" + code + "\n\n\ny = g()\n"},
		{"import numpy as np\n\n\ndef g():\n    return LocallyConnected1D(2, 2)\n\n\nfrom tensorflow.keras.layers import LocallyConnected1D\nimport keras\nx = np.ones(3)\ny = g()\n",
			"import numpy as np\n\n\ndef g():\n    return LocallyConnected1D(2, 2)\n\n\nimport keras\n\n\n" + code + "\n\n\nx = np.ones(3)\ny = g()\n"},
	} {
		sameCells(t, fix(t, []string{c.src}, 0), []string{c.want})
	}
}

// Where the code that runs a use (a module-level use, or a call of the
// function using it) stands above the import the code needs, there is no
// point for it: no fix, and the finding says why.
func TestNoPointForDefinition(t *testing.T) {
	for _, src := range []string{
		"import tensorflow as tf\n\n\ndef g():\n    return tf.keras.layers.LocallyConnected1D(2, 2)\n\n\ny = g()\nimport keras\n",
		"import tensorflow as tf\n\n\ndef g():\n    return LocallyConnected1D(2, 2)\n\n\nfrom tensorflow.keras.layers import LocallyConnected1D\ny = g()\nimport keras\n",
		"import tensorflow as tf\n\n\nclass Block:\n    def make(self):\n        return tf.keras.layers.LocallyConnected1D(2, 2)\n\n\nb = Block().make()\nimport keras\n",
	} {
		if got := fix(t, []string{src}, 0); got[0] != src {
			t.Errorf("changed:\n%s", got[0])
		}
		doc, err := cellfix.NewDocument([]cellfix.Source{{Text: src}}, true)
		if err != nil {
			t.Fatal(err)
		}
		diags, err := cellfix.Check(doc, cellfix.Options{Target: cellfix.TargetTF, UnsafeFixes: true, Rules: []*cellfix.Rule{rules.RemovedAPI}})
		if err != nil {
			t.Fatal(err)
		}
		said := false
		for _, d := range diags {
			said = said || strings.Contains(d.Message, "before code that runs a use of it")
		}
		if !said {
			t.Errorf("no finding says why there is no fix:\n%s", src)
		}
	}
}

// The inserted code is spaced as PEP 8 asks: two blank lines on each side,
// counting those already there, none at the top or end of a cell.
func TestDefinitionSpacing(t *testing.T) {
	code := polyfill.Lookup("RadialConstraint").Code
	for _, c := range []struct{ src, want string }{
		{"import keras\n\nc = keras.constraints.RadialConstraint()\n", "import keras\n\n\n" + code + "\n\n\nc = RadialConstraint()\n"},
		{"import keras\n\n\n\nc = keras.constraints.RadialConstraint()\n", "import keras\n\n\n\n" + code + "\n\n\nc = RadialConstraint()\n"},
		{"import keras\n\n\ndef f():\n    return keras.constraints.RadialConstraint()\n", "import keras\n\n\n" + code + "\n\n\ndef f():\n    return RadialConstraint()\n"},
	} {
		sameCells(t, fix(t, []string{c.src}, 0), []string{c.want})
	}
	// Two definitions before one statement.
	lc := polyfill.Lookup("LocallyConnected1D").Code
	sameCells(t, fix(t, []string{"import keras\nx = [keras.layers.LocallyConnected1D(2, 2), keras.constraints.RadialConstraint()]\n"}, 0),
		[]string{"import keras\n\n\n" + lc + "\n\n\n" + code + "\n\n\nx = [LocallyConnected1D(2, 2), RadialConstraint()]\n"})
	got := fix(t, []string{"import keras\n", "c = keras.constraints.RadialConstraint()\n"}, 0)
	sameCells(t, got, []string{"import keras\n", code + "\n\n\nc = RadialConstraint()\n"})
}
