package cellfix

import (
	"strings"
	"testing"
)

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

// TestNoqaMemoAgreesWithRereading asks about every line of a cell with
// several noqa comments twice, through the cell's memo, and compares with
// reading the line each time (a cell without memo). The memo keeps the
// long lines only.
func TestNoqaMemoAgreesWithRereading(t *testing.T) {
	long := strings.Repeat("tf.keras.layers.Dense(1) + ", noqaMemoMinLine/20)
	text := "import tensorflow.keras  # noqa: K310\n" +
		"x = tf.keras.layers.Dense(1)  # noqa\n" +
		"y = '# noqa'; z = tf.keras.Model()\n" +
		"u = " + long + "1  # noqa: K301\n" +
		"w = 1  # NOQA: tf-keras-import, K999 # noqa: K310\n" +
		"t = '# noqa' + " + long + "1\n" +
		"v = 2\n"
	c, err := parseCell(0, text, 0)
	if err != nil {
		t.Fatal(err)
	}
	plain := *c
	plain.noqa = nil
	rules := []*Rule{{Name: "tf-keras-import", Code: "K301"}, {Name: "other", Code: "K310"}}
	suppressed := 0
	for round := 0; round < 2; round++ {
		for off := 0; off < len(text); off++ {
			for _, r := range rules {
				d := Diagnostic{Rule: r, Start: off, End: off + 1}
				got, want := Noqa(c, d), Noqa(&plain, d)
				if got != want {
					t.Fatalf("offset %d, rule %s: memo says %v, rereading %v", off, r.Name, got, want)
				}
				if got {
					suppressed++
				}
			}
		}
	}
	if suppressed == 0 {
		t.Fatal("nothing suppressed: the text does not test the memo")
	}
	if kept := len(c.noqa.lines); kept != 2 {
		t.Errorf("the memo keeps %d lines, want the 2 long ones", kept)
	}
}
