//go:build unix

package nbformat

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// closeBeforeRename is false: the temporary file stays open, and locked,
// until it has its final name.
const closeBeforeRename = false

// lockTemp marks f as in use for as long as this process has it open; the
// kernel drops the lock when the process dies, however it dies.
func lockTemp(f *os.File) error {
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		return fmt.Errorf("lock %s: %w", f.Name(), err)
	}
	return nil
}

// lockedByOther reports whether a live process holds the lock on the
// temporary file name, which info describes.
func lockedByOther(name string, info fs.FileInfo) (bool, error) {
	// O_NONBLOCK: never hang on a FIFO put in the file's place.
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	defer f.Close()
	if now, err := f.Stat(); err != nil || !os.SameFile(now, info) {
		// Replaced since it was looked at: someone is working on it.
		return true, err
	}
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return true, nil
	}
	return false, err
}

// hardLinks counts the names of the file info describes.
func hardLinks(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}

// keepAttributes gives the temporary file tmp what the file it replaces,
// target, has: owner and group, then the exact mode (a chown clears the
// set-user-ID and set-group-ID bits), then extended attributes, the ACL last
// since setting it also sets the group bits of the mode.
func keepAttributes(tmp *os.File, target string, info fs.FileInfo) error {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	var now syscall.Stat_t
	if err := syscall.Fstat(int(tmp.Fd()), &now); err != nil {
		return err
	}
	if now.Uid != st.Uid || now.Gid != st.Gid {
		if err := tmp.Chown(int(st.Uid), int(st.Gid)); err != nil {
			return fmt.Errorf("cannot keep the file's owner and group (uid %d, gid %d): %w; left as it was", st.Uid, st.Gid, pathCause(err))
		}
	}
	if err := tmp.Chmod(info.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)); err != nil {
		return err
	}
	return copyXattrs(target, tmp.Name())
}
