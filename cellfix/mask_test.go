package cellfix

import (
	"strings"
	"testing"
)

func TestMaskIPython(t *testing.T) {
	tests := []struct {
		name, src string
		// masked lists the substrings that must be blanked out; kept the
		// ones that must survive untouched.
		masked, kept []string
		skip         bool
	}{
		{name: "line magic", src: "%time x = tf.keras.Model()\ny = 1\n", masked: []string{"%time x = tf.keras.Model()"}, kept: []string{"y = 1"}},
		{name: "matplotlib", src: "%matplotlib inline\nimport keras\n", masked: []string{"%matplotlib inline"}, kept: []string{"import keras"}},
		{name: "shell", src: "!pip install keras\nimport keras\n", masked: []string{"!pip install keras"}, kept: []string{"import keras"}},
		{name: "assigned shell", src: "files = !ls data\nprint(files)\n", masked: []string{"!ls data"}, kept: []string{"files = ", "print(files)"}},
		{name: "assigned magic", src: "t = %timeit -o f()\n", masked: []string{"%timeit -o f()"}, kept: []string{"t = "}},
		{name: "help suffix", src: "model.fit?\nx = 1\n", masked: []string{"model.fit?"}, kept: []string{"x = 1"}},
		{name: "help prefix", src: "??model.fit\n", masked: []string{"??model.fit"}},
		{name: "automagic", src: "pip install keras\nimport keras\n", masked: []string{"pip install keras"}, kept: []string{"import keras"}},
		{name: "automagic cd", src: "cd data\n", masked: []string{"cd data"}},
		{name: "indented magic", src: "if True:\n    %time f()\n", masked: []string{"%time f()"}, kept: []string{"if True:"}},
		{name: "python cell magic", src: "%%time\nm = tf.keras.Model()\n", masked: []string{"%%time"}, kept: []string{"m = tf.keras.Model()"}},
		{name: "capture", src: "%%capture out\nimport keras\n", masked: []string{"%%capture out"}, kept: []string{"import keras"}},
		{name: "bash cell", src: "%%bash\necho tf.keras\n", skip: true},
		{name: "writefile cell", src: "%%writefile m.py\nimport tensorflow as tf\n", skip: true},
		// Near-misses: Python that looks like IPython.
		{name: "modulo continuation", src: "s = ('%d'\n     % n)\n", kept: []string{"% n)"}},
		{name: "percent in docstring", src: "\"\"\"\n%not a magic\n\"\"\"\n", kept: []string{"%not a magic"}},
		{name: "not equal", src: "a = b != c\n", kept: []string{"a = b != c"}},
		{name: "question in comment", src: "x = 1  # why?\n", kept: []string{"x = 1  # why?"}},
		{name: "question in string", src: "q = 'why?'\n", kept: []string{"q = 'why?'"}},
		{name: "name pip", src: "pip = 3\npip.x = 4\n", kept: []string{"pip = 3", "pip.x = 4"}},
		{name: "backslash continuation", src: "x = 10 \\\n% 3\n", kept: []string{"% 3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, skip := maskIPython(tt.src)
			if skip != tt.skip {
				t.Fatalf("skip = %v, want %v", skip, tt.skip)
			}
			if len(out) != len(tt.src) || strings.Count(string(out), "\n") != strings.Count(tt.src, "\n") {
				t.Fatalf("masking changed length or lines:\n%q\n%q", tt.src, out)
			}
			for _, m := range tt.masked {
				i := strings.Index(tt.src, m)
				if got := string(out[i : i+len(m)]); strings.TrimSpace(got) != "0" {
					t.Errorf("%q not masked: %q", m, got)
				}
			}
			for _, k := range tt.kept {
				if !strings.Contains(string(out), k) {
					t.Errorf("%q was masked: %q", k, out)
				}
			}
			if !skip {
				if root, err := parse(out); err != nil || hasError(root) {
					t.Errorf("masked text does not parse cleanly: %q", out)
				}
			}
		})
	}
}

func hasError(n *Node) bool {
	bad := false
	n.Walk(func(c *Node) bool {
		bad = bad || c.Error
		return !bad
	})
	return bad
}

// The quick tests before the magic expressions never rule out a line the
// expressions match.
func TestMagicPrefilters(t *testing.T) {
	var lines []string
	for _, w := range []string{"pip", "cd", "load_ext", "whos", "who", "pipx", "Pip", "x", "_"} {
		for _, rest := range []string{" install keras", "\tdata", "  -la", " = 3", "(1)", "", " .", "\n"} {
			lines = append(lines, w+rest)
		}
	}
	for _, left := range []string{"files", "a, b", "x[0]", "self.out", "t", "f(x)", "  y"} {
		for _, eq := range []string{"=", " = ", "=\t", "==", " += "} {
			for _, right := range []string{"!ls", "%timeit -o f()", "% 3", "x % 2", "'!'", "! ls"} {
				lines = append(lines, left+eq+right)
			}
		}
	}
	matched := 0
	for _, line := range lines {
		if automagic.MatchString(line) {
			matched++
			if !mayBeAutomagic(line) {
				t.Errorf("mayBeAutomagic(%q) = false, but automagic matches", line)
			}
		}
		if assignedMagic.MatchString(line) {
			matched++
			if !mayBeAssignedMagic(line) {
				t.Errorf("mayBeAssignedMagic(%q) = false, but assignedMagic matches", line)
			}
		}
	}
	if matched < 20 {
		t.Fatalf("only %d lines matched: the test tests little", matched)
	}
}
