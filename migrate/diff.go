package migrate

import (
	"fmt"
	"io"
	"strings"
)

// diffContext is how many unchanged lines surround each change, as in
// `diff -u`.
const diffContext = 3

// lineOp is one line of a line-by-line comparison: kept (' '), removed
// ('-') or added ('+').
type lineOp struct {
	kind byte
	text string // the line, with its "\n" if it has one
}

// splitLines cuts s after each "\n"; the last line may lack one.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// diffLines compares two line lists with Myers' O(ND) algorithm, which finds
// a shortest edit script. Common leading and trailing lines are set aside
// first: migration edits are few and local, so what remains is small.
func diffLines(a, b []string) []lineOp {
	prefix := 0
	for prefix < len(a) && prefix < len(b) && a[prefix] == b[prefix] {
		prefix++
	}
	suffix := 0
	for suffix < len(a)-prefix && suffix < len(b)-prefix && a[len(a)-1-suffix] == b[len(b)-1-suffix] {
		suffix++
	}
	ops := make([]lineOp, 0, len(a)+len(b))
	for _, l := range a[:prefix] {
		ops = append(ops, lineOp{' ', l})
	}
	ops = append(ops, myers(a[prefix:len(a)-suffix], b[prefix:len(b)-suffix])...)
	for _, l := range a[len(a)-suffix:] {
		ops = append(ops, lineOp{' ', l})
	}
	return ops
}

// myers returns the edit script turning a into b. It keeps, for every step
// d, the furthest x reached on each diagonal k = x - y, then walks back
// through those snapshots from (len(a), len(b)) to (0, 0).
func myers(a, b []string) []lineOp {
	n, m := len(a), len(b)
	maxD := n + m
	off := maxD + 1 // v[off+k] is the furthest x on diagonal k
	v := make([]int, 2*maxD+3)
	var trace [][]int // trace[d] is v (diagonals -d..d) before step d
	var d int
search:
	for d = 0; d <= maxD; d++ {
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // step down: insert b[y]
			} else {
				x = v[off+k-1] + 1 // step right: delete a[x]
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				break search
			}
		}
	}

	// Walk back, collecting ops in reverse.
	var rev []lineOp
	x, y := n, m
	for ; d > 0; d-- {
		snap := trace[d] // diagonals -d..d as they stood after step d-1
		at := func(k int) int { return snap[k+d] }
		k := x - y
		var prevK int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := at(prevK)
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			rev = append(rev, lineOp{' ', a[x]})
		}
		if prevK == k+1 {
			y--
			rev = append(rev, lineOp{'+', b[y]})
		} else {
			x--
			rev = append(rev, lineOp{'-', a[x]})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, lineOp{' ', a[x]})
	}
	ops := make([]lineOp, len(rev))
	for i, op := range rev {
		ops[len(rev)-1-i] = op
	}
	return ops
}

// writeUnifiedDiff writes the differences between before and after in the
// unified format of `diff -u`, under the given file names. It writes
// nothing when the texts are equal.
func writeUnifiedDiff(w io.Writer, fromName, toName, before, after string) error {
	if before == after {
		return nil
	}
	ops := diffLines(splitLines(before), splitLines(after))
	var b strings.Builder
	fmt.Fprintf(&b, "--- %s\n+++ %s\n", fromName, toName)
	for _, h := range hunks(ops) {
		writeHunk(&b, ops, h)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// hunk is a range [start, end) of ops, with the 1-based numbers of its
// first old and new lines.
type hunk struct {
	start, end         int
	oldLine, newLine   int
	oldCount, newCount int
}

// hunks groups the changes with diffContext lines around each; changes
// closer than twice that share a hunk.
func hunks(ops []lineOp) []hunk {
	var out []hunk
	oldLine, newLine := 1, 1 // line numbers of ops[i]
	oldAt := make([]int, len(ops)+1)
	newAt := make([]int, len(ops)+1)
	for i, op := range ops {
		oldAt[i], newAt[i] = oldLine, newLine
		if op.kind != '+' {
			oldLine++
		}
		if op.kind != '-' {
			newLine++
		}
	}
	oldAt[len(ops)], newAt[len(ops)] = oldLine, newLine

	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(0, i-diffContext)
		end := i
		for {
			for end < len(ops) && ops[end].kind != ' ' {
				end++
			}
			next := end
			for next < len(ops) && ops[next].kind == ' ' {
				next++
			}
			if next < len(ops) && next-end <= 2*diffContext {
				end = next
				continue
			}
			end = min(len(ops), end+diffContext)
			break
		}
		h := hunk{start: start, end: end, oldLine: oldAt[start], newLine: newAt[start]}
		h.oldCount = oldAt[end] - oldAt[start]
		h.newCount = newAt[end] - newAt[start]
		out = append(out, h)
		i = end
	}
	return out
}

func writeHunk(b *strings.Builder, ops []lineOp, h hunk) {
	fmt.Fprintf(b, "@@ -%s +%s @@\n", hunkRange(h.oldLine, h.oldCount), hunkRange(h.newLine, h.newCount))
	for _, op := range ops[h.start:h.end] {
		b.WriteByte(op.kind)
		b.WriteString(op.text)
		if !strings.HasSuffix(op.text, "\n") {
			b.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// hunkRange renders one side of a hunk header the way GNU diff does: an
// empty range is numbered by the line before it, and a count of one is
// left out.
func hunkRange(line, count int) string {
	switch count {
	case 0:
		return fmt.Sprintf("%d,0", line-1)
	case 1:
		return fmt.Sprint(line)
	}
	return fmt.Sprintf("%d,%d", line, count)
}
