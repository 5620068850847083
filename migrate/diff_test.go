package migrate

import (
	"strings"
	"testing"
)

func TestUnifiedDiff(t *testing.T) {
	tests := []struct {
		name, before, after, want string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"one line changed", "import tensorflow as tf\nfrom tensorflow import keras\nx = 1\n", "import tensorflow as tf\nimport keras\nx = 1\n",
			"--- f\n+++ f\n@@ -1,3 +1,3 @@\n import tensorflow as tf\n-from tensorflow import keras\n+import keras\n x = 1\n"},
		{"no newline at end", "a\nb", "a\nc",
			"--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n"},
		{"insert into empty", "", "x\n", "--- f\n+++ f\n@@ -0,0 +1 @@\n+x\n"},
		{"delete all", "x\ny\n", "", "--- f\n+++ f\n@@ -1,2 +0,0 @@\n-x\n-y\n"},
		{"pure insertion keeps context", "1\n2\n3\n4\n5\n6\n7\n8\n", "1\n2\n3\n4\nnew\n5\n6\n7\n8\n",
			"--- f\n+++ f\n@@ -2,6 +2,7 @@\n 2\n 3\n 4\n+new\n 5\n 6\n 7\n"},
		{"far changes make two hunks", "a\n1\n2\n3\n4\n5\n6\n7\nb\n", "A\n1\n2\n3\n4\n5\n6\n7\nB\n",
			"--- f\n+++ f\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -6,4 +6,4 @@\n 5\n 6\n 7\n-b\n+B\n"},
		{"near changes share a hunk", "a\n1\n2\n3\n4\n5\n6\nb\n", "A\n1\n2\n3\n4\n5\n6\nB\n",
			"--- f\n+++ f\n@@ -1,8 +1,8 @@\n-a\n+A\n 1\n 2\n 3\n 4\n 5\n 6\n-b\n+B\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			if err := writeUnifiedDiff(&b, "f", "f", tt.before, tt.after); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("diff:\n%s\nwant:\n%s", b.String(), tt.want)
			}
		})
	}
}
