//go:build !linux

package nbformat

// copyXattrs does nothing: extended attributes are copied on Linux only.
func copyXattrs(from, to string) error { return nil }
