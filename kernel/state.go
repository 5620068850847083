package kernel

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gokmig/gokmig/cellfix"
)

// A restart from the frontend (Kernel > Restart) ends this process and
// starts a new one with the same connection file, so what %gokmig magics
// set would be lost with the process. The session's mode and target are
// kept in a small file beside the connection file: a restarted process
// reads it, and a shutdown that is not a restart removes it.

// stateSuffix is appended to the connection file's path to name the file
// that keeps the session's settings across restarts.
const stateSuffix = ".gokmig.json"

// StatePath is the file that keeps the settings of the kernel whose
// connection file is connFile; "" without a connection file.
func StatePath(connFile string) string {
	if connFile == "" {
		return ""
	}
	return connFile + stateSuffix
}

// sessionState is what the state file holds.
type sessionState struct {
	Mode   Mode           `json:"mode"`
	Target cellfix.Target `json:"target"`
}

// readState reads the state file; ok is false when there is none. A file
// that cannot be understood is an error, and the kernel starts with its
// defaults.
func readState(path string) (st sessionState, ok bool, err error) {
	if path == "" {
		return st, false, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("read session settings: %w", err)
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return st, false, fmt.Errorf("session settings %s: %w", path, err)
	}
	if _, err := ParseMode(string(st.Mode)); err != nil {
		return st, false, fmt.Errorf("session settings %s: %w", path, err)
	}
	if _, err := cellfix.ParseTarget(string(st.Target)); err != nil {
		return st, false, fmt.Errorf("session settings %s: %w", path, err)
	}
	return st, true, nil
}

// writeState replaces the state file atomically: a restart racing the
// write reads the old settings or the new, never half a file.
func writeState(path string, st sessionState) error {
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("save session settings: %w", err)
	}
	_, werr := tmp.Write(append(data, '\n'))
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("save session settings: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("save session settings: %w", err)
	}
	return nil
}

// restoredNote is the line the first notice after a restart carries when
// the restored settings differ from the kernelspec's: without it a user
// would not know the restart kept them.
func restoredNote(st, defaults sessionState) string {
	if st == defaults {
		return ""
	}
	return fmt.Sprintf("After the restart, gokmig keeps this session's settings: mode %s, target %s (the kernel starts with mode %s, target %s; %%gokmig changes them).",
		st.Mode, st.Target, defaults.Mode, defaults.Target)
}

// saveState records the interceptor's settings for a restart. Called on
// the shell handler after a magic changed them.
func (k *Kernel) saveState() {
	path := k.cfg.StateFile
	if path == "" {
		return
	}
	st := sessionState{Mode: k.interceptor.mode, Target: k.interceptor.target}
	if err := writeState(path, st); err != nil {
		k.log.Print(err)
	}
}

// forgetState removes the state file: the session ends for good.
func (k *Kernel) forgetState() {
	if k.cfg.StateFile == "" {
		return
	}
	if err := os.Remove(k.cfg.StateFile); err != nil && !errors.Is(err, os.ErrNotExist) {
		k.log.Printf("remove session settings: %v", err)
	}
}

// isRestart reads a shutdown_request's restart flag.
func isRestart(content []byte) bool {
	var c struct {
		Restart bool `json:"restart"`
	}
	return json.Unmarshal(content, &c) == nil && c.Restart
}

// restoreState takes the settings a restarted kernel's predecessor left.
func (k *Kernel) restoreState() {
	st, ok, err := readState(k.cfg.StateFile)
	if err != nil {
		k.log.Printf("%v; starting with the kernel's own settings", err)
		return
	}
	if !ok {
		return
	}
	if st.Mode != ModeOff && k.cfg.Checker == nil {
		k.log.Printf("session settings say mode %s, but this kernel has no rule engine; keeping mode off", st.Mode)
		return
	}
	defaults := sessionState{Mode: k.interceptor.mode, Target: k.interceptor.target}
	k.interceptor.mode, k.interceptor.target = st.Mode, st.Target
	k.restored = restoredNote(st, defaults)
	// The banner (kernel_info_reply) names the mode the session starts in.
	k.cfg.Mode = st.Mode
}
