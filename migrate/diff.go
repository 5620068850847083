package migrate

import (
	"io"

	"github.com/aymanbagabas/go-udiff"
)

// diffContext is how many unchanged lines surround each change, as in
// `diff -u`.
const diffContext = 3

// writeUnifiedDiff writes the differences between before and after in the
// unified format of `diff -u`, under the given file names. It writes
// nothing when the texts are equal.
func writeUnifiedDiff(w io.Writer, fromName, toName, before, after string) error {
	if before == after {
		return nil
	}
	diff, err := udiff.ToUnified(fromName, toName, before, udiff.Lines(before, after), diffContext)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, diff)
	return err
}
