package kernel

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/google/uuid"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/rules"
	"github.com/gokmig/gokmig/internal/testenv"
	"github.com/gokmig/gokmig/kernel/wire"
)

// These tests run the kernel in-process against a real ipykernel child and
// talk to it over real ZeroMQ sockets on loopback.

const warnCell = "import tensorflow as tf\nm = tf.keras.layers.Dense(3)\n"

// testPython is the venv's interpreter, which has ipykernel.
func testPython(t *testing.T) string {
	t.Helper()
	return testenv.Python(t, "ipykernel")
}

// running is a kernel started by startKernel.
type running struct {
	cfg    Config
	cancel context.CancelFunc
	done   chan error
}

func startKernel(t *testing.T, mode Mode) *running {
	t.Helper()
	return startKernelWith(t, mode, nil)
}

// startKernelWith lets configure change the configuration before the
// kernel starts.
func startKernelWith(t *testing.T, mode Mode, configure func(*Config)) *running {
	t.Helper()
	python := testPython(t)
	ports, err := freePorts(5)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		Connection: ConnectionInfo{
			IP: "127.0.0.1", Transport: "tcp", Key: uuid.NewString(), SignatureScheme: "hmac-sha256",
			ShellPort: ports[0], IOPubPort: ports[1], StdinPort: ports[2], ControlPort: ports[3], HBPort: ports[4],
		},
		Upstream:      Upstream{Python: python},
		Mode:          mode,
		Checker:       cellfix.NewSession(rules.All),
		Version:       "test",
		ChildStdout:   testWriter{t, "child: "},
		ChildStderr:   testWriter{t, "child: "},
		ShutdownGrace: 2 * time.Second,
		Log:           log.New(testWriter{t, ""}, "kernel: ", 0),
	}
	if configure != nil {
		configure(&cfg)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{cfg: cfg, cancel: cancel, done: make(chan error, 1)}
	go func() { r.done <- Run(ctx, cfg) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-r.done:
		case <-time.After(15 * time.Second):
			t.Error("kernel did not stop")
		}
	})
	return r
}

type testWriter struct {
	t      *testing.T
	prefix string
}

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Logf("%s%s", w.prefix, strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// client is a minimal frontend.
type client struct {
	t       *testing.T
	signer  *wire.Signer
	session string
	sock    map[string]zmq4.Socket
	in      map[string]chan *wire.Message
}

func connect(t *testing.T, info ConnectionInfo) *client {
	t.Helper()
	signer, err := wire.NewSigner(info.SignatureScheme, []byte(info.Key))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	c := &client{t: t, signer: signer, session: uuid.NewString(), sock: map[string]zmq4.Socket{}, in: map[string]chan *wire.Message{}}
	id := zmq4.WithID(zmq4.SocketIdentity(c.session))
	c.sock["shell"] = zmq4.NewDealer(ctx, id)
	c.sock["stdin"] = zmq4.NewDealer(ctx, id)
	c.sock["control"] = zmq4.NewDealer(ctx)
	c.sock["iopub"] = zmq4.NewSub(ctx)
	c.sock["iopub"].SetOption(zmq4.OptionSubscribe, "")
	ports := map[string]int{"shell": info.ShellPort, "stdin": info.StdinPort, "control": info.ControlPort, "iopub": info.IOPubPort}
	for name, s := range c.sock {
		if err := s.Dial(info.Endpoint(ports[name])); err != nil {
			t.Fatalf("dial %s: %v", name, err)
		}
		ch := make(chan *wire.Message, 100000)
		c.in[name] = ch
		go func() {
			for {
				msg, err := s.Recv()
				if err != nil {
					return
				}
				m, err := wire.Parse(msg.Frames)
				if err != nil {
					t.Errorf("%s: unparsable frames: %v", name, err)
					continue
				}
				if err := signer.Verify(m); err != nil {
					t.Errorf("%s: kernel sent a badly signed message: %v", name, err)
				}
				ch <- m
			}
		}()
	}
	t.Cleanup(func() {
		cancel()
		for _, s := range c.sock {
			s.Close()
		}
	})
	c.waitForIOPub()
	return c
}

// waitForIOPub returns once IOPub delivers to this client. A SUB socket's
// subscription reaches the kernel's PUB some time after Dial, and what is
// published before it arrives is dropped (ZeroMQ's slow joiner), so a test
// that executed at once could wait for output never sent to it; on a loaded
// machine it did. jupyter_client waits the same way: kernel_info_request
// until its status arrives on IOPub. The replies are consumed here.
func (c *client) waitForIOPub() {
	c.t.Helper()
	var sent []string
	deadline := time.Now().Add(90 * time.Second)
	for live := false; !live; {
		if time.Now().After(deadline) {
			c.t.Fatalf("IOPub delivered nothing within 90s")
		}
		sent = append(sent, c.send("shell", "kernel_info_request", map[string]any{}, nil))
		retry := time.After(time.Second)
	wait:
		for {
			select {
			case m := <-c.in["iopub"]:
				if slices.Contains(sent, parentOf(m)) {
					live = true
					break wait
				}
			case <-retry:
				break wait
			}
		}
	}
	for _, id := range sent {
		c.next("shell", id, 60*time.Second)
	}
}

// send sends a request and returns its msg_id.
func (c *client) send(channel, msgType string, content any, extraHeader map[string]json.RawMessage) string {
	c.t.Helper()
	id, _ := c.sendFrames(channel, msgType, content, extraHeader)
	return id
}

// sendFrames sends a request and returns its msg_id and its frames, which
// a test may send again as an eavesdropper would replay them.
func (c *client) sendFrames(channel, msgType string, content any, extraHeader map[string]json.RawMessage) (string, [][]byte) {
	c.t.Helper()
	h := wire.NewHeader(msgType, c.session, "tester")
	h.Extra = extraHeader
	m, err := c.signer.New(nil, h, nil, map[string]any{}, content)
	if err != nil {
		c.t.Fatal(err)
	}
	c.resend(channel, m.Frames())
	return h.MsgID, m.Frames()
}

// resend sends frames as they are.
func (c *client) resend(channel string, frames [][]byte) {
	c.t.Helper()
	if err := c.sock[channel].SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatal(err)
	}
}

func (c *client) execute(code string) string {
	return c.send("shell", "execute_request", executeContent(code), nil)
}

// next waits for the next message on channel whose parent is parentID.
func (c *client) next(channel, parentID string, timeout time.Duration) *wire.Message {
	c.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case m := <-c.in[channel]:
			if parentOf(m) == parentID {
				return m
			}
		case <-deadline:
			c.t.Fatalf("no %s message for %s within %v", channel, parentID, timeout)
			return nil
		}
	}
}

// untilIdle collects the IOPub messages of a request, busy through idle.
func (c *client) untilIdle(parentID string, timeout time.Duration) []*wire.Message {
	c.t.Helper()
	var out []*wire.Message
	for {
		m := c.next("iopub", parentID, timeout)
		out = append(out, m)
		if isIdle(m) {
			return out
		}
	}
}

// typeOf and parentOf read a message's msg_type and its parent's msg_id.
func typeOf(m *wire.Message) string {
	_, msgType, _ := wire.PeekHeader(m.Header)
	return msgType
}

func parentOf(m *wire.Message) string {
	id, _, _ := wire.PeekHeader(m.ParentHeader)
	return id
}

func content(t *testing.T, m *wire.Message) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(m.Content, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestKernelInfoSaysGokmigAndKeepsLanguageInfo(t *testing.T) {
	k := startKernel(t, ModeWarn)
	c := connect(t, k.cfg.Connection)
	id := c.send("shell", "kernel_info_request", map[string]any{}, nil)
	reply := c.next("shell", id, 60*time.Second)
	got := content(t, reply)
	if got["implementation"] != "gokmig" || got["implementation_version"] != "test" {
		t.Errorf("implementation %v %v", got["implementation"], got["implementation_version"])
	}
	lang, _ := got["language_info"].(map[string]any)
	if lang["name"] != "python" {
		t.Errorf("language_info %v", lang)
	}
	h, _ := wire.ParseHeader(reply.Header)
	if h.MsgType != "kernel_info_reply" || h.MsgID == "" {
		t.Errorf("reply header %+v", h)
	}
}

func TestNoticeSitsInsideTheChildsBusyIdle(t *testing.T) {
	k := startKernel(t, ModeWarn)
	c := connect(t, k.cfg.Connection)
	// The cell fails before importing TensorFlow, whose start-up logging
	// (where it is installed) would add stream messages.
	id := c.execute("raise RuntimeError('stop')\n" + warnCell)
	msgs := c.untilIdle(id, 60*time.Second)
	var kinds []string
	for _, m := range msgs {
		kinds = append(kinds, typeOf(m))
	}
	// busy, execute_input, then the notice and the cell's error in either
	// order (the checks run alongside the cell), then idle.
	joined := strings.Join(kinds, " ")
	if joined != "status execute_input display_data error status" && joined != "status execute_input error display_data status" {
		t.Fatalf("iopub sequence %v", kinds)
	}
	at := slices.Index(kinds, "display_data")
	notice := content(t, msgs[at])
	data := notice["data"].(map[string]any)
	if !strings.Contains(data["text/plain"].(string), "K301") || !strings.Contains(data["text/html"].(string), "K301") {
		t.Errorf("notice data %v", data)
	}
	findings := notice["metadata"].(map[string]any)["gokmig"].(map[string]any)["findings"].([]any)
	if len(findings) == 0 {
		t.Error("no findings in the notice metadata")
	}
	if reply := c.next("shell", id, 30*time.Second); content(t, reply)["execution_count"] != float64(1) {
		t.Errorf("execution_count %v", content(t, reply)["execution_count"])
	}
	// A clean cell: only the child's own messages.
	id = c.execute("x = 1")
	if got := len(c.untilIdle(id, 30*time.Second)); got != 3 {
		t.Errorf("clean cell: %d iopub messages, want busy, execute_input, idle", got)
	}
}

func TestBadSignatureIsDroppedAndUnknownHeaderFieldsSurvive(t *testing.T) {
	k := startKernel(t, ModeWarn)
	c := connect(t, k.cfg.Connection)
	ready := c.send("shell", "kernel_info_request", map[string]any{}, nil)
	c.next("shell", ready, 60*time.Second)

	forged, _ := wire.NewSigner("hmac-sha256", []byte("not the key"))
	h := wire.NewHeader("execute_request", c.session, "intruder")
	m, _ := forged.New(nil, h, nil, map[string]any{}, map[string]any{"code": "print('pwned')", "silent": false})
	c.sock["shell"].SendMulti(zmq4.NewMsgFrom(m.Frames()...))
	unsigned := *m
	unsigned.Signature = nil
	c.sock["shell"].SendMulti(zmq4.NewMsgFrom(unsigned.Frames()...))

	// The subshell_id field and a made-up one travel to ipykernel, which
	// echoes the request header as parent_header.
	extra := map[string]json.RawMessage{"x_gokmig_probe": json.RawMessage(`{"n": [1, 2]}`)}
	id := c.send("shell", "execute_request", map[string]any{
		"code": "%gokmig status\n1 + 1", "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false,
	}, extra)
	reply := c.next("shell", id, 30*time.Second)
	parent, err := wire.ParseHeader(reply.ParentHeader)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(parent.Extra["x_gokmig_probe"]); strings.ReplaceAll(got, " ", "") != `{"n":[1,2]}` {
		t.Errorf("unknown header field came back as %q", got)
	}
	// Nothing answered the forged requests.
	select {
	case m := <-c.in["shell"]:
		t.Errorf("unexpected shell message %s", m.Header)
	case <-time.After(500 * time.Millisecond):
	}
	for _, m := range c.untilIdle(id, 30*time.Second) {
		if typeOf(m) == "stream" {
			t.Errorf("forged code ran: %s", m.Content)
		}
	}
}

func TestInterruptOnShell(t *testing.T) {
	k := startKernel(t, ModeWarn)
	c := connect(t, k.cfg.Connection)
	id := c.execute("import time\nprint('go', flush=True)\ntime.sleep(60)")
	for {
		m := c.next("iopub", id, 60*time.Second)
		if typeOf(m) == "stream" {
			break
		}
	}
	time.Sleep(200 * time.Millisecond)
	intr := c.send("shell", "interrupt_request", map[string]any{}, nil)
	if got := content(t, c.next("shell", intr, 10*time.Second))["status"]; got != "ok" {
		t.Errorf("interrupt_reply status %v", got)
	}
	reply := content(t, c.next("shell", id, 20*time.Second))
	if reply["ename"] != "KeyboardInterrupt" {
		t.Errorf("execute_reply after interrupt: %v", reply)
	}
}

func TestChildDeathFailsPendingRequestsAndEndsTheKernel(t *testing.T) {
	k := startKernel(t, ModeWarn)
	c := connect(t, k.cfg.Connection)
	id := c.execute("import os, time\nprint(os.getpid(), flush=True)\ntime.sleep(60)")
	var pid int
	for pid == 0 {
		m := c.next("iopub", id, 60*time.Second)
		if typeOf(m) == "stream" {
			fmt.Sscan(content(t, m)["text"].(string), &pid)
		}
	}
	proc, err := os.FindProcess(pid)
	if err == nil {
		err = proc.Kill() // SIGKILL on Unix
	}
	if err != nil {
		t.Fatal(err)
	}
	reply := content(t, c.next("shell", id, 20*time.Second))
	if reply["status"] != "error" || reply["ename"] != "KernelDied" {
		t.Errorf("reply after the child died: %v", reply)
	}
	c.untilIdle(id, 10*time.Second)
	select {
	case err := <-k.done:
		var died *ChildExitError
		if !errors.As(err, &died) || !strings.Contains(died.How, "killed") {
			t.Errorf("Run returned %v, want a ChildExitError", err)
		}
		k.done <- err // for the cleanup
	case <-time.After(15 * time.Second):
		t.Fatal("kernel kept running after its child died")
	}
}

func TestFixModeRewritesTheCell(t *testing.T) {
	t.Setenv("KERAS_BACKEND", "numpy") // for the child: there is no TensorFlow here
	k := startKernel(t, ModeFix)
	c := connect(t, k.cfg.Connection)
	id := c.execute("from tensorflow import keras\nprint('ran')")
	var input, output string
	for _, m := range c.untilIdle(id, 60*time.Second) {
		switch typeOf(m) {
		case "execute_input":
			input = content(t, m)["code"].(string)
		case "stream":
			output += content(t, m)["text"].(string)
		case "error":
			t.Errorf("the fixed cell failed: %s", m.Content)
		}
	}
	if !strings.Contains(input, "import keras") || strings.Contains(input, "tensorflow") {
		t.Errorf("execute_input shows %q, want the fixed code with 'import keras'", input)
	}
	if output != "ran\n" {
		t.Errorf("the cell printed %q, want %q", output, "ran\n")
	}
}

// A line with "# noqa" is left alone in fix mode and gets no notice, as
// convert leaves it.
func TestFixModeLeavesNoqaLinesAlone(t *testing.T) {
	t.Setenv("KERAS_BACKEND", "numpy") // for the child: there is no TensorFlow here
	k := startKernel(t, ModeFix)
	c := connect(t, k.cfg.Connection)
	const code = "from tensorflow import keras  # noqa: K301\nprint('ran')"
	id := c.execute(code)
	var input string
	for _, m := range c.untilIdle(id, 60*time.Second) {
		switch typeOf(m) {
		case "execute_input":
			input = content(t, m)["code"].(string)
		case "display_data":
			t.Errorf("a notice for a noqa line: %s", m.Content)
		}
	}
	if input != code {
		t.Errorf("execute_input shows %q, want the cell unchanged", input)
	}
}

// gatedChecker is a real session whose Fix waits until the test opens the
// gate, as a rule engine stuck on odd code would; it reports what the
// kernel records.
type gatedChecker struct {
	*cellfix.Session
	gate     chan struct{}
	recorded chan string
}

func (g *gatedChecker) Fix(code string, target cellfix.Target) (string, []cellfix.Finding, error) {
	<-g.gate
	return g.Session.Fix(code, target)
}

func (g *gatedChecker) Check(code string, target cellfix.Target) ([]cellfix.Finding, error) {
	<-g.gate
	return g.Session.Check(code, target)
}

func (g *gatedChecker) Record(code string) {
	g.Session.Record(code)
	g.recorded <- code
}

// When fix mode gives up waiting for the checks, the cell runs unchanged,
// and the session must remember that code, not the fix that came too late.
func TestFixModeTimeoutRecordsTheCodeThatRan(t *testing.T) {
	checker := &gatedChecker{
		Session:  cellfix.NewSession(rules.All),
		gate:     make(chan struct{}),
		recorded: make(chan string, 16),
	}
	open := sync.OnceFunc(func() { close(checker.gate) })
	t.Cleanup(open)
	k := startKernelWith(t, ModeFix, func(cfg *Config) {
		cfg.Checker = checker
		cfg.CheckWait = 100 * time.Millisecond
	})
	c := connect(t, k.cfg.Connection)
	cell := "from tensorflow import keras\nprint('ran')"
	id := c.execute(cell)
	input, notice := "", ""
	for _, m := range c.untilIdle(id, 60*time.Second) {
		switch typeOf(m) {
		case "execute_input":
			input = content(t, m)["code"].(string)
		case "display_data":
			notice = content(t, m)["data"].(map[string]any)["text/plain"].(string)
		}
	}
	if input != cell {
		t.Fatalf("execute_input shows %q, want the cell unchanged", input)
	}
	if !strings.Contains(notice, "ran unchanged and unchecked") {
		t.Errorf("notice %q does not say the cell ran unchecked", notice)
	}
	open() // the fixes arrive after the cell ran
	select {
	case got := <-checker.recorded:
		if got != cell {
			t.Errorf("session recorded %q, which never ran; want %q", got, cell)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the cell was never recorded")
	}
}

// failingChecker is a real session whose engine reports a failure, which
// real cells cannot provoke (tree-sitter parses anything).
type failingChecker struct{ *cellfix.Session }

var errParser = errors.New("parse cell 0: parser gave up")

func (failingChecker) Check(string, cellfix.Target) ([]cellfix.Finding, error) {
	return nil, errParser
}

func (failingChecker) Fix(code string, _ cellfix.Target) (string, []cellfix.Finding, error) {
	return code, nil, errParser
}

func TestCheckerFailuresAreLoggedWithTheCell(t *testing.T) {
	for _, mode := range []Mode{ModeWarn, ModeFix} {
		var logged bytes.Buffer
		k := &Kernel{
			cfg: Config{Checker: failingChecker{cellfix.NewSession(rules.All)}},
			log: log.New(&logged, "", 0),
			ctx: context.Background(),
		}
		job := &checkJob{
			msgID: "cell-42", code: "import tensorflow as tf\nx = tf.keras.layers.Dense(3)", mode: mode, target: cellfix.TargetTF,
			done: make(chan struct{}), ran: make(chan string, 1), entry: &noticeEntry{base: &notice{}},
		}
		job.ran <- job.code
		k.check(job)
		line := logged.String()
		for _, want := range []string{"cell-42", `"import tensorflow as tf"`, "parser gave up"} {
			if !strings.Contains(line, want) {
				t.Errorf("%s mode: log %q lacks %s", mode, line, want)
			}
		}
	}
}

// In warn mode, checks that outlast CheckWait do not hold the cell's idle,
// and its notice says that the cell ran unchecked.
func TestWarnModeTimeoutSaysTheCellRanUnchecked(t *testing.T) {
	checker := &gatedChecker{
		Session:  cellfix.NewSession(rules.All),
		gate:     make(chan struct{}),
		recorded: make(chan string, 16),
	}
	t.Cleanup(sync.OnceFunc(func() { close(checker.gate) }))
	k := startKernelWith(t, ModeWarn, func(cfg *Config) {
		cfg.Checker = checker
		cfg.CheckWait = 100 * time.Millisecond
	})
	c := connect(t, k.cfg.Connection)
	id := c.execute("raise RuntimeError('stop')\n" + warnCell)
	var notices []string
	for _, m := range c.untilIdle(id, 60*time.Second) {
		if typeOf(m) == "display_data" {
			notices = append(notices, content(t, m)["data"].(map[string]any)["text/plain"].(string))
		}
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "ran unchecked: the checks took over 100ms") {
		t.Errorf("notices %q, want one saying the cell ran unchecked", notices)
	}
}

func executeContent(code string) map[string]any {
	return map[string]any{
		"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{},
		"allow_stdin": false, "stop_on_error": true,
	}
}

// executeContentGoingOn is executeContent for a cell whose failure must
// not abort the cells sent after it.
func executeContentGoingOn(code string) map[string]any {
	c := executeContent(code)
	c["stop_on_error"] = false
	return c
}

// A replayed execute_request must not run again, even in fix mode, where
// the proxy signs the rewritten cell anew: the second time, the session
// already holds the first run's "import keras", so the rewrite (and its
// signature) differs from the first and the child's own duplicate check
// cannot see the replay.
func TestReplayedExecuteRequestDoesNotRunAgainInFixMode(t *testing.T) {
	t.Setenv("KERAS_BACKEND", "numpy") // for the child
	k := startKernel(t, ModeFix)
	c := connect(t, k.cfg.Connection)
	runs := filepath.Join(t.TempDir(), "runs")
	cell := fmt.Sprintf("import tensorflow as tf\nlayer = tf.keras.layers.Dense(3)\nopen(%q, 'a').write('ran\\n')", runs)
	id, frames := c.sendFrames("shell", "execute_request", executeContent(cell), nil)
	c.untilIdle(id, 120*time.Second)
	if got := content(t, c.next("shell", id, 30*time.Second))["status"]; got != "ok" {
		t.Fatalf("first run: status %v", got)
	}
	c.resend("shell", frames)
	// The child handles shell requests in order: once a later request is
	// answered, the replay has been run or dropped.
	later := c.execute("1")
	c.next("shell", later, 60*time.Second)
	data, err := os.ReadFile(runs)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != "ran\n" {
		t.Errorf("the cell ran %d times, want once", strings.Count(string(data), "ran"))
	}
}

// A replayed interrupt_request is not obeyed: the proxy answers those
// itself, so the child's duplicate check never sees them.
func TestReplayedInterruptRequestIsNotObeyed(t *testing.T) {
	k := startKernel(t, ModeWarn)
	c := connect(t, k.cfg.Connection)
	// The cells do not stop on error. The first ends in KeyboardInterrupt;
	// after a cell that fails with stop_on_error, ipykernel 7 aborts each
	// execute_request that reaches it before it marks the end of the
	// abort, which it does only after sending the error reply. The second
	// cell, sent as soon as that reply arrives, was then sometimes aborted
	// (busy, idle, no output) on a loaded machine, with or without the
	// proxy (see TestCellSentRightAfterAFailedCellRuns).
	sleeper := func(seconds int) string {
		code := fmt.Sprintf("import time\nprint('go', flush=True)\ntime.sleep(%d)", seconds)
		id := c.send("shell", "execute_request", executeContentGoingOn(code), nil)
		for {
			m := c.next("iopub", id, 60*time.Second)
			if typeOf(m) == "stream" {
				break
			}
			if isIdle(m) {
				t.Fatalf("the cell ended without output: %v", content(t, c.next("shell", id, 10*time.Second)))
			}
		}
		time.Sleep(200 * time.Millisecond) // from print() into time.sleep()
		return id
	}
	first := sleeper(60)
	intr, frames := c.sendFrames("control", "interrupt_request", map[string]any{}, nil)
	if got := content(t, c.next("control", intr, 10*time.Second))["status"]; got != "ok" {
		t.Fatalf("interrupt_reply status %v", got)
	}
	if got := content(t, c.next("shell", first, 20*time.Second))["ename"]; got != "KeyboardInterrupt" {
		t.Fatalf("the first cell ended with %v, want KeyboardInterrupt", got)
	}
	second := sleeper(3)
	c.resend("control", frames)
	if reply := content(t, c.next("shell", second, 30*time.Second)); reply["status"] != "ok" {
		t.Errorf("the replayed interrupt was obeyed: %v", reply)
	}
	select {
	case m := <-c.in["control"]:
		t.Errorf("the replayed interrupt was answered: %s", m.Header)
	default:
	}
}

// A cell sent the moment a failed cell's execute_reply arrives runs when
// the failed cell did not stop on error. With stop_on_error, ipykernel 7
// aborts some such cells (measured: 10 of 200 against ipykernel alone on
// a loaded machine), so tests that send a cell right after one that fails
// must not ask to stop on error.
func TestCellSentRightAfterAFailedCellRuns(t *testing.T) {
	k := startKernel(t, ModeWarn)
	c := connect(t, k.cfg.Connection)
	for i := range 20 {
		failed := c.send("shell", "execute_request", executeContentGoingOn("raise RuntimeError('stop')"), nil)
		if got := content(t, c.next("shell", failed, 30*time.Second))["status"]; got != "error" {
			t.Fatalf("round %d: the failing cell's status is %v", i, got)
		}
		next := c.execute("pass")
		if got := content(t, c.next("shell", next, 30*time.Second))["status"]; got != "ok" {
			t.Fatalf("round %d: the cell after it ended with status %v", i, got)
		}
	}
}
