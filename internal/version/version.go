// Package version holds gokmig's version, the one source for the command
// line's --version, the kernel's kernel_info_reply and the wheel's name.
package version

// Version is set at build time with
// -ldflags "-X github.com/gokmig/gokmig/internal/version.Version=V";
// the default marks a development build. It is a PEP 440 version, since
// the Python wheel carries it too.
var Version = "0.1.0.dev0"
