package nbformat

import (
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile replaces the file at path with data so that a reader, or a crash,
// sees either the old file or the new one, never a mix: data goes to a
// temporary file in the same folder (a rename is only atomic within one
// file system), is flushed to disk, and is renamed over path. A symlink
// keeps pointing at the file it names, which is the one replaced. A new file
// gets 0666 minus the umask, like os.WriteFile.
//
// An existing file keeps what its owner set: its permission bits (the
// temporary file is created with them, never wider), its owner and group,
// and on Linux its user extended attributes and POSIX ACL. Other attributes
// (security labels, inode flags) are those of any new file in the folder.
// WriteFile refuses, with the file left as it was, to replace a file that
// is read-only (no write bit set, which root would otherwise ignore), that
// has other hard links (the rename would leave them with the old text), or
// whose owner and group cannot be kept (a non-root user converting another
// user's file).
//
// The temporary file is named .gokmig-<hash of the file's name>.tmp, one
// name per file, so a copy left by a killed run is recognisable and is
// removed by the next WriteFile or RemoveLeftover of that file. On any error
// the temporary file is removed and the original is left as it was.
func WriteFile(path string, data []byte) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	target, info, err := resolve(path)
	if err != nil {
		return err
	}
	perm := fs.FileMode(0o666)
	if info != nil {
		if err := replaceable(info); err != nil {
			return err
		}
		perm = info.Mode().Perm()
	}

	tmp, err := createTemp(target, perm)
	if err != nil {
		return err
	}
	renamed := false
	defer func() {
		if !renamed {
			tmp.Close() // may already be closed; the error is the one returned
			os.Remove(tmp.Name())
		}
	}()
	// The file gets its owner, group and ACL before it holds any data, so
	// no one the original shuts out can read it meanwhile.
	if info != nil {
		if err = keepAttributes(tmp, target, info); err != nil {
			return err
		}
	}
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if testHookWritten != nil {
		testHookWritten(tmp.Name())
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	// The lock on the temporary file is held until it has its final name, so
	// that no other run takes it for a leftover; Windows cannot rename an
	// open file, and has no such lock anyway.
	if closeBeforeRename {
		if err = tmp.Close(); err != nil {
			return err
		}
	}
	if err = os.Rename(tmp.Name(), target); err != nil {
		return err
	}
	renamed = true
	tmp.Close() // synced above: the data is on disk whatever Close says
	// Make the rename itself durable. Some file systems cannot sync a
	// folder; the file is in place either way, so that is not an error.
	if dir, err := os.Open(filepath.Dir(target)); err == nil {
		dir.Sync()
		dir.Close()
	}
	return nil
}

// testHookWritten, set only by tests, runs once the data is in the
// temporary file, so a test can look at it or kill the process there.
var testHookWritten func(tmpName string)

// resolve returns the file that writing path replaces (path with symlinks
// resolved) and its current state, nil if it does not exist yet.
func resolve(path string) (target string, info fs.FileInfo, err error) {
	target = path
	if resolved, err := filepath.EvalSymlinks(path); err == nil {
		target = resolved
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", nil, err
	}
	info, err = os.Stat(target)
	switch {
	case err == nil && !info.Mode().IsRegular():
		return "", nil, errors.New("not a regular file")
	case err == nil:
		return target, info, nil
	case errors.Is(err, fs.ErrNotExist):
		return target, nil, nil
	}
	return "", nil, err
}

// replaceable says why an existing file must not be replaced, or is nil.
func replaceable(info fs.FileInfo) error {
	if info.Mode().Perm()&0o222 == 0 {
		return fmt.Errorf("the file is read-only (mode %04o); left as it was (make it writable to convert it)", info.Mode().Perm())
	}
	if n := hardLinks(info); n > 1 {
		return fmt.Errorf("the file has %d hard links, and replacing it would leave the other names with the old text; left as it was (convert a copy, or write elsewhere with -o)", n)
	}
	return nil
}

// tempName is the temporary file for target: hidden, in the same folder,
// short enough for any name the folder can hold, and the same on every run,
// so that a leftover is found again. The hash tells files apart.
func tempName(target string) string {
	dir, base := filepath.Split(target)
	h := fnv.New64a()
	h.Write([]byte(base))
	return filepath.Join(dir, fmt.Sprintf(".gokmig-%016x.tmp", h.Sum64()))
}

// createTemp creates target's temporary file, with perm (which the umask
// may only narrow) from the start, and locks it. A leftover of a killed run
// is removed first; one another run holds is an error.
func createTemp(target string, perm fs.FileMode) (*os.File, error) {
	name := tempName(target)
	for range 3 {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if err == nil {
			if err := lockTemp(f); err != nil {
				f.Close()
				os.Remove(name)
				return nil, err
			}
			return f, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if err := removeLeftover(name); err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("cannot create the temporary file %s", name)
}

// RemoveLeftover removes the temporary file that a run killed while writing
// path left behind, if there is one. A run still writing path keeps its
// temporary file and makes this an error.
func RemoveLeftover(path string) error {
	target, _, err := resolve(path)
	if err == nil {
		err = removeLeftover(tempName(target))
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// removeLeftover removes the temporary file name unless a live run holds
// its lock.
func removeLeftover(name string) error {
	info, err := os.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is in the way of the temporary file and is not a file", name)
	}
	inUse, err := lockedByOther(name, info)
	if err != nil {
		return err
	}
	if inUse {
		return fmt.Errorf("another run is writing this file (its temporary file %s is in use)", filepath.Base(name))
	}
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
