package cellfix

import (
	"strings"
	"testing"
)

func TestLinePreserving(t *testing.T) {
	for _, tc := range []struct {
		name, before, after string
		// run is the code laid out on before's lines, "" when it cannot be;
		// prelude the imports that run before it.
		run, prelude string
	}{
		{
			name:   "an import split in two shares its line",
			before: "from tensorflow.keras.layers import Input, ThresholdedReLU\nx = Input((4,))\ny = ThresholdedReLU(theta=0.5)(x)\nraise ValueError('stop')\n",
			after:  "from keras.layers import Input\nfrom keras.layers import ReLU\nx = Input((4,))\ny = ReLU(threshold=0.5)(x)\nraise ValueError('stop')\n",
			run:    "from keras.layers import Input; from keras.layers import ReLU\nx = Input((4,))\ny = ReLU(threshold=0.5)(x)\nraise ValueError('stop')\n",
		},
		{
			name:   "an added import joins the first statement",
			before: "# build\nx = tf.ones(3)\ny = 2\n",
			after:  "# build\nimport keras\nx = keras.ops.ones(3)\ny = 2\n",
			run:    "# build\nimport keras; x = keras.ops.ones(3)\ny = 2\n",
		},
		{
			name:   "a removed argument line leaves a blank line in its brackets",
			before: "m.compile(\n    optimizer='adam',\n    foo=1,\n    loss='mse')\nraise X\n",
			after:  "m.compile(\n    optimizer='adam',\n    loss='mse')\nraise X\n",
			run:    "m.compile(\n    optimizer='adam',\n\n    loss='mse')\nraise X\n",
		},
		{
			name:   "an added list element joins inside the brackets",
			before: "m = Sequential([\n    Dense(3, input_shape=(2,)),\n])\nraise X\n",
			after:  "m = Sequential([\n    keras.Input(shape=(2,)),\n    Dense(3),\n])\nraise X\n",
			// Dense keeps its line; the Input joins the line before it.
			run: "m = Sequential([ keras.Input(shape=(2,)),\n    Dense(3),\n])\nraise X\n",
		},
		{
			name:   "a statement added in a function body",
			before: "def f():\n    a = 1\n    b(a)\nraise X",
			after:  "def f():\n    a = 1\n    c = 2\n    b(a)\nraise X",
			run:    "def f():\n    a = 1; c = 2\n    b(a)\nraise X",
		},
		{
			name:   "a comment alone on its line follows the next line's code",
			before: "# setup\nclass A(tf.keras.layers.Layer):\n    pass\n",
			after:  "# setup\nimport keras\nclass A(keras.layers.Layer):\n    pass\n",
			run:    "import keras  # setup\nclass A(keras.layers.Layer):\n    pass\n",
		},
		{
			name:   "a one-line body joins its header; a blank line goes",
			before: "m = f()\nm.reset_states()\n\nraise X\n",
			after:  "m = f()\nfor _l in m.layers:\n    if a:\n        _l.r()\n\nraise X\n",
			run:    "m = f()\nfor _l in m.layers:\n    if a: _l.r()\nraise X\n",
		},
		{
			name:   "a rewritten line stays on the line it rewrites",
			before: "m = f()\n\nm.reset_states()\n\n\nraise X\n",
			after:  "m = f()\nfor _l in m.layers:\n    if a:\n        _l.r()\n\nraise X\n",
			run:    "m = f()\n\nfor _l in m.layers:\n    if a: _l.r()\n\nraise X\n",
		},
		{
			name:   "IPython syntax keeps its own line",
			before: "!pip install x\nx = tf.ones(3)\n",
			after:  "!pip install x\nimport keras\nx = keras.ops.ones(3)\n",
			run:    "!pip install x\nimport keras; x = keras.ops.ones(3)\n",
		},
		{
			name:    "imports added above a compound statement run first",
			before:  "# layer\n@tf.keras.utils.register_keras_serializable()\nclass A(tf.keras.layers.Layer):\n    pass\nraise X\n",
			after:   "# layer\nimport keras\nfrom keras import ops\n@keras.utils.register_keras_serializable()\nclass A(keras.layers.Layer):\n    pass\nraise X\n",
			run:     "# layer\n@keras.utils.register_keras_serializable()\nclass A(keras.layers.Layer):\n    pass\nraise X\n",
			prelude: "import keras\nfrom keras import ops\n",
		},
		{
			name:   "a blank line above makes room for them",
			before: "\nif x:\n    y = tf.ones(1)\n",
			after:  "\nimport keras\nif x:\n    y = keras.ops.ones(1)\n",
			run:    "import keras\nif x:\n    y = keras.ops.ones(1)\n",
		},
		{
			name:   "imports below code are not moved above it",
			before: "x = 1\nif x:\n    y = tf.ones(1)\n",
			after:  "x = 1\nimport keras\nif x:\n    y = keras.ops.ones(1)\n",
			run:    "x = 1; import keras\nif x:\n    y = keras.ops.ones(1)\n",
		},
		{
			name:   "imports below IPython syntax are not moved above it",
			before: "%env KERAS_BACKEND=jax\nif x:\n    y = tf.ones(1)\n",
			after:  "%env KERAS_BACKEND=jax\nimport keras\nif x:\n    y = keras.ops.ones(1)\n",
		},
		{
			name:   "a loop in place of a call, with no line to spare",
			before: "m = f()\nm.reset_states()\nraise X\n",
			after:  "m = f()\nfor _l in m.layers:\n    if a:\n        _l.r()\nraise X\n",
		},
		{
			name:   "a line inside a string is not joined",
			before: "s = '''a\nb'''\nx = tf.ones(1)\n",
			after:  "s = '''a\nb'''\nimport keras\nx = keras.ops.ones(1)\n",
			run:    "s = '''a\nb'''\nimport keras; x = keras.ops.ones(1)\n",
		},
		{
			name:    "an added function whose definition runs nothing goes first",
			before:  "import keras\nx = keras.layers.Lambda(lambda t: t * 2.0)(i)\nif x:\n    raise X\n",
			after:   "import keras\n\n\ndef double_fn(t):\n    return t * 2.0\n\n\nx = keras.layers.Lambda(keras.saving.register_keras_serializable()(double_fn))(i)\nif x:\n    raise X\n",
			run:     "import keras\nx = keras.layers.Lambda(keras.saving.register_keras_serializable()(double_fn))(i)\nif x:\n    raise X\n",
			prelude: "import keras\ndef double_fn(t):\n    return t * 2.0\n",
		},
		{
			name:    "a decorated function goes first after a copy of the imports it may need",
			before:  "import keras\nx = keras.layers.Lambda(lambda t: t * 2.0)(i)\nif x:\n    raise X\n",
			after:   "import keras\n\n\n@keras.saving.register_keras_serializable()\ndef double_fn(t):\n    return t * 2.0\n\n\nx = keras.layers.Lambda(double_fn)(i)\nif x:\n    raise X\n",
			run:     "import keras\nx = keras.layers.Lambda(double_fn)(i)\nif x:\n    raise X\n",
			prelude: "import keras\n@keras.saving.register_keras_serializable()\ndef double_fn(t):\n    return t * 2.0\n",
		},
		{
			name:    "an added class with its comment goes first, past the code above it",
			before:  "\"\"\"Doc.\"\"\"\nfrom tensorflow import keras\nm = keras.Sequential()\nm.add(keras.layers.LocallyConnected1D(2, 3))\nif m:\n    raise X\n",
			after:   "\"\"\"Doc.\"\"\"\nimport keras\nm = keras.Sequential()\n\n\n# A local copy.\nclass LocallyConnected1D(keras.layers.Layer):\n    rank = 1\n\n\nm.add(LocallyConnected1D(2, 3))\nif m:\n    raise X\n",
			run:     "\"\"\"Doc.\"\"\"\nimport keras\nm = keras.Sequential()\nm.add(LocallyConnected1D(2, 3))\nif m:\n    raise X\n",
			prelude: "import keras\n# A local copy.\nclass LocallyConnected1D(keras.layers.Layer):\n    rank = 1\n",
		},
		{
			name:    "nor a definition of the user's that a fix rewrote (its default reads code above it)",
			before:  "import numpy as np\nfrom tensorflow import keras\nSCALE = 2.0\ndef f(x, s=SCALE): return keras.backend.eval(x) * s\nm = keras.layers.LocallyConnected1D(2, 3)\nif m:\n    raise X\n",
			after:   "import numpy as np\nimport keras\nSCALE = 2.0\ndef f(x, s=SCALE): return keras.ops.convert_to_numpy(x) * s\n\n\nclass LocallyConnected1D(keras.layers.Layer):\n    rank = 1\n\n\nm = LocallyConnected1D(2, 3)\nif m:\n    raise X\n",
			run:     "import numpy as np\nimport keras\nSCALE = 2.0\ndef f(x, s=SCALE): return keras.ops.convert_to_numpy(x) * s\nm = LocallyConnected1D(2, 3)\nif m:\n    raise X\n",
			prelude: "import numpy as np\nimport keras\nclass LocallyConnected1D(keras.layers.Layer):\n    rank = 1\n",
		},
		{
			name:   "nor before an import that follows other code (KERAS_BACKEND must be set first)",
			before: "import os\nos.environ[\"KERAS_BACKEND\"] = \"jax\"\nfrom tensorflow import keras\nx = keras.layers.Old(i)\nif x:\n    raise X\n",
			after:  "import os\nos.environ[\"KERAS_BACKEND\"] = \"jax\"\nimport keras\n\n\nclass New(keras.layers.Layer):\n    pass\n\n\nx = New(i)\nif x:\n    raise X\n",
		},
		{
			name:   "nor one whose name the cell reads above it",
			before: "import keras\nprint(double_fn)\nx = keras.layers.Lambda(lambda t: t * 2.0)(i)\nif x:\n    raise X\n",
			after:  "import keras\nprint(double_fn)\n\n\ndef double_fn(t):\n    return t * 2.0\n\n\nx = keras.layers.Lambda(double_fn)(i)\nif x:\n    raise X\n",
		},
		{
			name:   "a fixed text that does not parse runs as it is",
			before: "x = (\n",
			after:  "import keras\nx = (\n",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := LinePreserving(tc.before, tc.after)
			run, lineOf := l.Run, l.LineOf
			if l.Prelude != tc.prelude {
				t.Errorf("prelude %q, want %q", l.Prelude, tc.prelude)
			}
			if tc.run == "" {
				if l.Preserved || run != tc.after {
					t.Errorf("laid out, want the fixed text as it is:\n%s", run)
				}
				return
			}
			if !l.Preserved || run != tc.run {
				t.Fatalf("preserved=%v run:\n%s\nwant:\n%s", l.Preserved, run, tc.run)
			}
			if got, want := strings.Count(run, "\n"), strings.Count(tc.before, "\n"); got != want {
				t.Errorf("%d lines, want %d", got, want)
			}
			// Each line of after is on the line lineOf gives.
			runLines := strings.Split(run, "\n")
			for i, line := range strings.Split(tc.after, "\n") {
				if strings.TrimSpace(line) == "" || strings.Contains(l.Prelude, line+"\n") {
					continue
				}
				if !strings.Contains(runLines[lineOf[i]-1], strings.TrimSpace(line)) {
					t.Errorf("line %d %q: lineOf says %d, which is %q", i+1, line, lineOf[i], runLines[lineOf[i]-1])
				}
			}
		})
	}
}

func TestSameCodeTellsCodeFromLayout(t *testing.T) {
	cell := func(s string) *Cell {
		c, err := parseCell(0, s, 0)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	same := [][2]string{
		{"a = 1\nb = 2\n", "a = 1; b = 2\n"},
		{"f(1,\n  2)\n", "f(1, 2)\n"},
		{"if c:\n    s()\n", "if c: s()\n"},
		{"# note\nx = 1\n", "x = 1  # note\n"},
	}
	for _, p := range same {
		if !sameCode(cell(p[0]), cell(p[1])) {
			t.Errorf("%q and %q differ", p[0], p[1])
		}
	}
	differ := [][2]string{
		{"if c:\n    a()\nb()\n", "if c:\n    a(); b()\n"},
		{"s = '''a\nb'''\n", "s = '''a b'''\n"},
		{"x = 1  # a\n", "x = 1  # b\n"},
		{"x = 1\n", "x = 2\n"},
	}
	for _, p := range differ {
		if sameCode(cell(p[0]), cell(p[1])) {
			t.Errorf("%q and %q are the same code", p[0], p[1])
		}
	}
}
