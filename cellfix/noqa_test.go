package cellfix

import "testing"

// Ruff's noqa syntax: "# noqa" alone covers every rule on the line,
// "# noqa: CODES" only the codes listed (comma or space separated), and
// "noqa" is case-insensitive.
func TestNoqaSuppresses(t *testing.T) {
	k301 := &Rule{Name: "tf-keras-import", Code: "K301"}
	tests := []struct {
		line string
		want bool
	}{
		{"import tensorflow.keras  # noqa", true},
		{"import tensorflow.keras  # NOQA", true},
		{"import tensorflow.keras  #noqa", true},
		{"import tensorflow.keras  # noqa: K301", true},
		{"import tensorflow.keras  # noqa:K301", true},
		{"import tensorflow.keras  # noqa: K310, K301", true},
		{"import tensorflow.keras  # noqa: K310 K301", true},
		{"import tensorflow.keras  # noqa: tf-keras-import", true},
		{"import tensorflow.keras  # noqa: K310", false},
		{"import tensorflow.keras  # noqa: K3", false}, // noqa names codes, not prefixes
		{"import tensorflow.keras  # no qa", false},
		{"import tensorflow.keras", false},
	}
	for _, tt := range tests {
		if got := noqaCovers(tt.line, k301); got != tt.want {
			t.Errorf("noqaCovers(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestLineOf(t *testing.T) {
	text := "a\nbb\nccc"
	for n, want := range map[int]string{1: "a", 2: "bb", 3: "ccc", 4: ""} {
		if got := lineOf(text, n); got != want {
			t.Errorf("lineOf(%d) = %q, want %q", n, got, want)
		}
	}
}
