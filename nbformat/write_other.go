//go:build !unix

package nbformat

import (
	"io/fs"
	"os"
)

// closeBeforeRename is true: Windows cannot rename a file that is open.
const closeBeforeRename = true

// lockTemp does nothing: an open file cannot be removed on Windows, which is
// the protection a live temporary file needs.
func lockTemp(*os.File) error { return nil }

// lockedByOther reports false; removing a temporary file that a live
// process has open then fails, which reports it.
func lockedByOther(string, fs.FileInfo) (bool, error) { return false, nil }

func hardLinks(fs.FileInfo) uint64 { return 1 }

// keepAttributes restores the exact mode; Windows has no owner to keep here.
func keepAttributes(tmp *os.File, _ string, info fs.FileInfo) error {
	return tmp.Chmod(info.Mode() & fs.ModePerm)
}
