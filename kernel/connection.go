package kernel

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// ConnectionInfo is the content of a Jupyter connection file.
type ConnectionInfo struct {
	IP              string `json:"ip"`
	Transport       string `json:"transport"`
	ShellPort       int    `json:"shell_port"`
	IOPubPort       int    `json:"iopub_port"`
	StdinPort       int    `json:"stdin_port"`
	ControlPort     int    `json:"control_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and validates a connection file.
func ReadConnectionFile(path string) (ConnectionInfo, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return ConnectionInfo{}, fmt.Errorf("read connection file: %w", err)
	}
	var info ConnectionInfo
	if err := json.Unmarshal(data, &info); err != nil {
		return ConnectionInfo{}, fmt.Errorf("connection file %s: invalid JSON: %w", path, err)
	}
	info.setDefaults()
	if err := info.Validate(); err != nil {
		return ConnectionInfo{}, fmt.Errorf("connection file %s: %w", path, err)
	}
	return info, nil
}

// ConnectionArgs are the connection settings of a kernel's command line:
// a connection file, and the ipykernel-style flags that VS Code passes
// instead of "-f {connection_file}" for a kernelspec whose language is
// python. Values are as given, traitlets quoting included; nil means the
// flag was absent.
type ConnectionArgs struct {
	// File is the connection file named with -f. It must exist.
	File string
	// IPykernelFile is the file named with --f=PATH, ipykernel's spelling,
	// which VS Code gives without writing the file: the settings then come
	// from the flags alone.
	IPykernelFile string

	IP, Transport, Key, SignatureScheme *string
	Shell, IOPub, Stdin, Control, HB    *int
}

// ErrNoConnectionFile means the command line named no connection file.
var ErrNoConnectionFile = errors.New("no connection file given")

// ConnectionFromArgs resolves a command line's connection settings: the
// connection file if it exists (File must), else ipykernel's defaults, with
// the flags that were given on top. It returns the settings and the file's
// path, which the kernel rewrites if a port is 0.
func ConnectionFromArgs(a ConnectionArgs) (ConnectionInfo, string, error) {
	path, mustExist := a.File, true
	if path == "" {
		path, mustExist = traitletsValue(a.IPykernelFile), false
	}
	if path == "" {
		return ConnectionInfo{}, "", ErrNoConnectionFile
	}
	var info ConnectionInfo
	source := "connection file " + path
	if _, err := os.Stat(path); err == nil || mustExist {
		if info, err = ReadConnectionFile(path); err != nil {
			return ConnectionInfo{}, "", err
		}
	} else {
		source = "command-line connection settings"
		info.setDefaults()
		if a.Key == nil {
			// As ipykernel does: a key of its own, which the kernel writes
			// into the file it creates there, rather than no key at all.
			info.Key = uuid.NewString()
		}
	}
	for _, s := range []struct {
		flag *string
		dst  *string
	}{{a.IP, &info.IP}, {a.Transport, &info.Transport}, {a.SignatureScheme, &info.SignatureScheme}} {
		if s.flag != nil {
			*s.dst = traitletsValue(*s.flag)
		}
	}
	if a.Key != nil {
		info.Key = sessionKey(*a.Key)
	}
	for _, p := range []struct {
		flag *int
		dst  *int
	}{{a.Shell, &info.ShellPort}, {a.IOPub, &info.IOPubPort}, {a.Stdin, &info.StdinPort}, {a.Control, &info.ControlPort}, {a.HB, &info.HBPort}} {
		if p.flag != nil {
			*p.dst = *p.flag
		}
	}
	if err := info.Validate(); err != nil {
		return ConnectionInfo{}, "", fmt.Errorf("%s: %w", source, err)
	}
	return info, path, nil
}

// traitletsValue removes the quotes that a traitlets command line may put
// around a value ("tcp" or 'tcp'); a value without a matching pair is kept
// as it is.
func traitletsValue(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// sessionKey reads --Session.key, which VS Code writes as a Python bytes
// literal, b"KEY"; a bare key is taken as it is, even one that starts
// with a b.
func sessionKey(s string) string {
	if len(s) >= 3 && s[0] == 'b' && (s[1] == '"' || s[1] == '\'') && s[len(s)-1] == s[1] {
		return s[2 : len(s)-1]
	}
	return traitletsValue(s)
}

func (c *ConnectionInfo) setDefaults() {
	if c.Transport == "" {
		c.Transport = "tcp"
	}
	if c.IP == "" {
		c.IP = "127.0.0.1"
	}
	if c.SignatureScheme == "" {
		c.SignatureScheme = "hmac-sha256"
	}
}

// Validate checks the fields a kernel needs.
func (c *ConnectionInfo) Validate() error {
	switch c.Transport {
	case "tcp", "ipc":
	default:
		return fmt.Errorf("transport %q is not supported (want tcp or ipc)", c.Transport)
	}
	for name, port := range c.ports() {
		if port < 0 || port > 65535 {
			return fmt.Errorf("%s %d is out of range", name, port)
		}
		if c.Transport == "ipc" && port == 0 {
			return fmt.Errorf("%s must be set for the ipc transport", name)
		}
	}
	return nil
}

func (c *ConnectionInfo) ports() map[string]int {
	return map[string]int{
		"shell_port": c.ShellPort, "iopub_port": c.IOPubPort, "stdin_port": c.StdinPort,
		"control_port": c.ControlPort, "hb_port": c.HBPort,
	}
}

// Endpoint is the ZeroMQ address of one of the ports, in the form
// jupyter_client uses: tcp://IP:PORT or ipc://IP-PORT.
func (c *ConnectionInfo) Endpoint(port int) string {
	if c.Transport == "ipc" {
		return fmt.Sprintf("ipc://%s-%d", c.IP, port)
	}
	return "tcp://" + net.JoinHostPort(c.IP, strconv.Itoa(port))
}

// fileExists reports whether path names something, as far as we can tell.
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, os.ErrNotExist)
}

// WriteFile writes the connection file readable by its owner only, as it
// holds the session key.
func (c *ConnectionInfo) WriteFile(path string) error {
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return fmt.Errorf("encode connection file: %w", err)
	}
	if err := os.WriteFile(path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("write connection file: %w", err)
	}
	return nil
}

// childConnection returns connection settings for the upstream kernel: the
// same key and scheme, on loopback, with five free ports.
func childConnection(parent ConnectionInfo) (ConnectionInfo, error) {
	child := ConnectionInfo{
		IP:              "127.0.0.1",
		Transport:       "tcp",
		Key:             parent.Key,
		SignatureScheme: parent.SignatureScheme,
	}
	ports, err := freePorts(5)
	if err != nil {
		return ConnectionInfo{}, err
	}
	child.ShellPort, child.IOPubPort, child.StdinPort, child.ControlPort, child.HBPort =
		ports[0], ports[1], ports[2], ports[3], ports[4]
	return child, nil
}

// freePorts asks the system for n distinct free loopback ports. Another
// process may take one before the child binds it; jupyter_client accepts the
// same race.
func freePorts(n int) ([]int, error) {
	listeners := make([]net.Listener, 0, n)
	defer func() {
		for _, l := range listeners {
			l.Close()
		}
	}()
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find a free port: %w", err)
		}
		listeners = append(listeners, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// childConnPrefix starts the names of upstream connection files:
// gokmig-upstream-PID-RANDOM.json, PID being the kernel that wrote it.
const childConnPrefix = "gokmig-upstream-"

// newChildConnectionFile writes the upstream connection file in dir and
// returns its path. The file holds the session key, so the files that
// killed kernels (SIGKILL, a crash) left there are removed first: their
// names carry the pid of the kernel that wrote them.
func newChildConnectionFile(dir string, info ConnectionInfo) (string, error) {
	removeStaleChildConnectionFiles(dir)
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("name connection file: %w", err)
	}
	name := fmt.Sprintf("%s%d-%s.json", childConnPrefix, os.Getpid(), hex.EncodeToString(b[:]))
	path := filepath.Join(dir, name)
	if err := info.WriteFile(path); err != nil {
		return "", err
	}
	return path, nil
}

// removeStaleChildConnectionFiles removes the upstream connection files in
// dir whose kernel is no longer running. A file whose pid a live process
// has taken since stays: it is left rather than risk another kernel's.
func removeStaleChildConnectionFiles(dir string) {
	paths, _ := filepath.Glob(filepath.Join(dir, childConnPrefix+"*-*.json"))
	for _, path := range paths {
		pidText, _, _ := strings.Cut(strings.TrimPrefix(filepath.Base(path), childConnPrefix), "-")
		pid, err := strconv.Atoi(pidText)
		if err != nil || pid <= 0 || pid == os.Getpid() || processExists(pid) {
			continue
		}
		os.Remove(path) // another user's file stays, as it should
	}
}
