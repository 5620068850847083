package nbformat

import (
	"errors"
	"io/fs"
	"unicode/utf8"
)

// InputError reports a notebook that cannot be used: the path is unreadable,
// the bytes are not JSON, or the JSON is not an nbformat 4 notebook. Callers
// tell it apart from their own failures with errors.As; its text is one line
// that names the file, ready to show to a user.
type InputError struct {
	Path string
	// Line and Column (1-based, columns counted in characters) locate the
	// problem in the file; both are 0 when it has no position.
	Line, Column int
	// Msg says what is wrong, without the path.
	Msg string
	// Err is the underlying cause, if any (for example an *fs.PathError).
	Err error
}

func (e *InputError) Error() string { return e.Path + ": " + e.Msg }

func (e *InputError) Unwrap() error { return e.Err }

// pathError describes why a path could not be read. The *fs.PathError text
// would repeat the path (and the syscall name), so only its cause is shown.
func pathError(path string, err error) *InputError {
	return &InputError{Path: path, Msg: "cannot read: " + pathCause(err).Error(), Err: err}
}

// pathCause strips the operation and path from an *fs.PathError, for
// messages that name the path already.
func pathCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// syntaxError is a JSON problem found by the scanner at byte offset off.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

// lineCol turns a byte offset into a 1-based line and a 1-based column
// counted in characters, which is what editors show.
func lineCol(data []byte, off int) (line, col int) {
	off = min(off, len(data))
	line, start := 1, 0
	for i, c := range data[:off] {
		if c == '\n' {
			line++
			start = i + 1
		}
	}
	return line, utf8.RuneCount(data[start:off]) + 1
}

// located returns an InputError positioned at byte offset off, Msg unset.
func located(path string, data []byte, off int) *InputError {
	line, col := lineCol(data, off)
	return &InputError{Path: path, Line: line, Column: col}
}
