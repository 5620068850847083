package cellfix

import "testing"

func TestCarryForward(t *testing.T) {
	// "ab|cd|ef" with "cd" replaced by "XYZ" and "!" inserted before "ef":
	// "abXYZ!ef".
	edits := []TextEdit{{Start: 4, End: 4, NewText: "!"}, {Start: 2, End: 4, NewText: "XYZ"}}
	for _, c := range []struct {
		off   int
		isEnd bool
		want  int
	}{
		{1, false, 1}, // before every edit
		{2, false, 2}, // start of the replaced span: start of its replacement
		{3, false, 2}, // inside it
		{2, true, 2},  // a span ending where the replacement starts keeps out of it
		{3, true, 5},  // a span ending inside it takes in all of it
		{4, false, 6}, // code at the insertion point moves past it
		{4, true, 5},  // a span ending there does not take the insertion in
		{5, false, 7}, // after both
	} {
		if got := carryForward(c.off, edits, c.isEnd); got != c.want {
			t.Errorf("carryForward(%d, end=%v) = %d, want %d", c.off, c.isEnd, got, c.want)
		}
	}
}
