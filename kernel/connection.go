package kernel

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
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

// newChildConnectionFile writes the upstream connection file in dir and
// returns its path.
func newChildConnectionFile(dir string, info ConnectionInfo) (string, error) {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("name connection file: %w", err)
	}
	path := filepath.Join(dir, "gokmig-upstream-"+hex.EncodeToString(b[:])+".json")
	if err := info.WriteFile(path); err != nil {
		return "", err
	}
	return path, nil
}
