package nbformat

import (
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"testing"
)

// xattrsOf reads the extended attributes the tests set.
func xattrsOf(path string) map[string]string {
	xattrs := map[string]string{}
	buf := make([]byte, 4096)
	for _, name := range []string{"user.origin", "user.empty", "system.posix_acl_access"} {
		if n, err := syscall.Getxattr(path, name, buf); err == nil {
			xattrs[name] = string(buf[:n])
		}
	}
	return xattrs
}

// posixACL encodes an access ACL as the kernel stores it in the
// system.posix_acl_access attribute (version 2, then tag, permissions and
// id per entry): the owner rw, user 4321 r, the group nothing, mask r.
func posixACL() []byte {
	const undefined = 0xFFFFFFFF
	var b []byte
	le32 := func(v uint32) { b = append(b, byte(v), byte(v>>8), byte(v>>16), byte(v>>24)) }
	entry := func(tag, perm uint16, id uint32) {
		b = append(b, byte(tag), byte(tag>>8), byte(perm), byte(perm>>8))
		le32(id)
	}
	le32(2)
	entry(0x01, 6, undefined) // ACL_USER_OBJ
	entry(0x02, 4, 4321)      // ACL_USER
	entry(0x04, 0, undefined) // ACL_GROUP_OBJ
	entry(0x10, 4, undefined) // ACL_MASK
	entry(0x20, 0, undefined) // ACL_OTHER
	return b
}

// A notebook converted as root stays its owner's: owner, group, mode, user
// extended attributes and ACL are those of the original.
func TestWriteFileKeepsOwnership(t *testing.T) {
	needRoot(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "nb.ipynb")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, 1234, 5678); err != nil {
		t.Fatal(err)
	}
	for name, value := range map[string]string{"user.origin": "https://example.org/nb", "user.empty": "", "system.posix_acl_access": string(posixACL())} {
		if err := syscall.Setxattr(path, name, []byte(value), 0); err != nil {
			t.Fatalf("set %s: %v", name, err)
		}
	}
	want := attrsOf(t, path)
	if len(want.xattrs) != 3 || want.mode != 0o640 {
		t.Fatalf("setting up: %+v (the ACL's mask should have made the mode 0640)", want)
	}
	if err := WriteFile(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if got := attrsOf(t, path); !reflect.DeepEqual(got, want) {
		t.Errorf("after WriteFile: %+v\nwant %+v", got, want)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("file holds %q", got)
	}
}
