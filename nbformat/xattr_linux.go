package nbformat

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
)

// copyXattrs copies the extended attributes of file from that belong to its
// owner to file to: the user.* namespace and the POSIX ACL. Security labels
// and the like are the system's to set for a new file.
func copyXattrs(from, to string) error {
	names, err := xattr(func(buf []byte) (int, error) { return syscall.Listxattr(from, buf) })
	if err != nil || len(names) == 0 {
		return ignoreUnsupported(err)
	}
	for _, name := range strings.Split(strings.TrimSuffix(string(names), "\x00"), "\x00") {
		if !strings.HasPrefix(name, "user.") && name != "system.posix_acl_access" {
			continue
		}
		value, err := xattr(func(buf []byte) (int, error) { return syscall.Getxattr(from, name, buf) })
		if errors.Is(err, syscall.ENODATA) {
			continue // removed meanwhile
		} else if err != nil {
			return fmt.Errorf("cannot read extended attribute %s: %w", name, err)
		}
		if err := syscall.Setxattr(to, name, value, 0); err != nil {
			return fmt.Errorf("cannot copy extended attribute %s: %w", name, err)
		}
	}
	return nil
}

// xattr calls get, which fills a buffer like listxattr(2) and getxattr(2),
// with a buffer large enough.
func xattr(get func([]byte) (int, error)) ([]byte, error) {
	for {
		n, err := get(nil)
		if err != nil || n == 0 {
			return nil, err
		}
		buf := make([]byte, n)
		n, err = get(buf)
		if errors.Is(err, syscall.ERANGE) {
			continue // grew meanwhile
		}
		return buf[:n], err
	}
}

// ignoreUnsupported drops the error of a file system without extended
// attributes: there is nothing to copy.
func ignoreUnsupported(err error) error {
	if errors.Is(err, syscall.ENOTSUP) {
		return nil
	}
	return err
}
