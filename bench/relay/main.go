// Command relay starts ipykernel behind a plain TCP relay: the yardstick of
// the kernel benchmark's proxy overhead. It reads the connection file
// Jupyter gave it, starts ipykernel on fresh ports of its own, and copies
// bytes between each of the five sockets and ipykernel's, reading nothing
// of them. Whatever a process in the middle costs on this machine (one more
// wake-up and two more loopback hops per message) it costs, and nothing
// else: gokmig's own work is what the gokmig kernel takes beyond it.
//
//	relay --python PYTHON -f CONNECTION_FILE
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// portKeys are the connection file's socket ports.
var portKeys = []string{"shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"}

func main() {
	python := flag.String("python", "python3", "the Python that runs ipykernel")
	connFile := flag.String("f", "", "the connection file Jupyter wrote")
	flag.Parse()
	if err := run(*python, *connFile); err != nil {
		fmt.Fprintln(os.Stderr, "relay:", err)
		os.Exit(1)
	}
}

func run(python, connFile string) error {
	raw, err := os.ReadFile(connFile)
	if err != nil {
		return err
	}
	var outer map[string]any
	if err := json.Unmarshal(raw, &outer); err != nil {
		return fmt.Errorf("%s: %w", connFile, err)
	}
	if t, _ := outer["transport"].(string); t != "tcp" {
		return fmt.Errorf("%s: transport %q, only tcp is relayed", connFile, t)
	}
	ip, _ := outer["ip"].(string)
	inner := map[string]any{}
	for k, v := range outer {
		inner[k] = v
	}
	var listeners []net.Listener
	var targets []string
	for _, key := range portKeys {
		port, ok := outer[key].(float64)
		if !ok {
			return fmt.Errorf("%s: no %s", connFile, key)
		}
		ln, err := net.Listen("tcp", net.JoinHostPort(ip, strconv.Itoa(int(port))))
		if err != nil {
			return err
		}
		free, err := freePort(ip)
		if err != nil {
			return err
		}
		inner[key] = free
		listeners = append(listeners, ln)
		targets = append(targets, net.JoinHostPort(ip, strconv.Itoa(free)))
	}
	innerFile := filepath.Join(filepath.Dir(connFile), "relay-"+filepath.Base(connFile))
	data, err := json.Marshal(inner)
	if err != nil {
		return err
	}
	if err := os.WriteFile(innerFile, data, 0o600); err != nil {
		return err
	}
	defer os.Remove(innerFile)

	child := exec.Command(python, "-m", "ipykernel_launcher", "-f", innerFile)
	child.Stdout, child.Stderr = os.Stdout, os.Stderr
	if err := child.Start(); err != nil {
		return err
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		for s := range signals {
			child.Process.Signal(s)
		}
	}()
	for i, ln := range listeners {
		go serve(ln, targets[i])
	}
	return child.Wait()
}

// freePort returns a port nothing listens on now.
func freePort(ip string) (int, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(ip, "0"))
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// serve relays every connection made to ln to a new connection to target.
func serve(ln net.Listener, target string) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go relay(conn, target)
	}
}

// relay copies both ways between conn and target until either side ends.
// ipykernel binds only after its imports, so the first connections wait
// for it.
func relay(conn net.Conn, target string) {
	defer conn.Close()
	var up net.Conn
	for deadline := time.Now().Add(60 * time.Second); ; {
		var err error
		if up, err = net.Dial("tcp", target); err == nil {
			break
		}
		if !errors.Is(err, syscall.ECONNREFUSED) || time.Now().After(deadline) {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	defer up.Close()
	go func() {
		io.Copy(up, conn)
		up.Close()
	}()
	io.Copy(conn, up)
}
