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
		{"x = '# noqa'", false},                           // in a string, not a comment
		{"x = 1\nimport tensorflow.keras  # noqa", false}, // another line
	}
	for _, tt := range tests {
		c, err := parseCell(0, tt.line, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := Noqa(c, Diagnostic{Rule: k301, Start: 0, End: 1}); got != tt.want {
			t.Errorf("Noqa(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}
