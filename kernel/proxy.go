package kernel

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/google/uuid"

	"github.com/gokmig/gokmig/kernel/explain"
	"github.com/gokmig/gokmig/kernel/wire"
	"github.com/gokmig/gokmig/kernel/zmtp"
)

// startUpstream writes the child's connection file, starts the child and
// connects to its sockets.
func (k *Kernel) startUpstream() error {
	info, err := childConnection(k.cfg.Connection)
	if err != nil {
		return err
	}
	path, err := newChildConnectionFile(os.TempDir(), info)
	if err != nil {
		return err
	}
	k.childConn = path
	argv, env, err := k.cfg.Upstream.command(path, info)
	if err != nil {
		return err
	}
	k.child, err = startChild(argv, env, k.cfg.ChildStdout, k.cfg.ChildStderr)
	if err != nil {
		return err
	}

	// Until the sockets are connected, give up when the child dies or the
	// start timeout passes; afterwards the run loop watches the child.
	upCtx, upCancel := context.WithCancel(k.ctx)
	connected := make(chan struct{})
	defer close(connected)
	go func() {
		select {
		case <-connected:
		case <-k.child.Done():
			upCancel()
		case <-time.After(k.cfg.StartTimeout):
			upCancel()
		}
	}()
	// The stdin socket shares the shell socket's identity: ipykernel sends
	// input_request on stdin to the identity of the shell request. The
	// queues toward the child are bounded by bytes (zmtp's limit) rather
	// than by libzmq's 1000 messages: a request is never dropped for a
	// child that is busy reading its other sockets.
	opts := zmtp.Options{HighWaterMark: upstreamHighWaterMark, Log: zmtp.NewLimitedLog(k.log, transportLogEvery)}
	id := []byte("gokmig-" + uuid.NewString())
	k.up[shellChannel] = zmtp.NewDealer(opts, id)
	k.up[stdinChannel] = zmtp.NewDealer(opts, id)
	k.up[controlChannel] = zmtp.NewDealer(opts, nil)
	k.upIOPub = zmtp.NewSub(opts, []byte{})
	for _, s := range []struct {
		name string
		sock interface {
			Dial(context.Context, string, time.Duration) error
		}
		port int
	}{
		{"iopub", k.upIOPub, info.IOPubPort},
		{"shell", k.up[shellChannel], info.ShellPort},
		{"control", k.up[controlChannel], info.ControlPort},
		{"stdin", k.up[stdinChannel], info.StdinPort},
	} {
		// The child binds once its imports are done: try every 10 ms.
		if err := s.sock.Dial(upCtx, info.Endpoint(s.port), 10*time.Millisecond); err != nil {
			if k.child.exited() {
				return fmt.Errorf("upstream kernel %s before it was ready (command: %s)", k.child.describeExit(), strings.Join(argv, " "))
			}
			return fmt.Errorf("connect to upstream %s socket: %w", s.name, err)
		}
	}
	k.readers.Add(4)
	for _, ch := range []channel{shellChannel, controlChannel, stdinChannel} {
		go k.readUpstream(ch)
	}
	go k.readUpstreamIOPub()
	return nil
}

// waitUpstreamReady sends kernel_info_request until the child answers and
// one of its IOPub messages for that request comes through, which proves
// our subscription is live: only then may frontend requests flow, or their
// first outputs could be lost.
func (k *Kernel) waitUpstreamReady() error {
	deadline := time.NewTimer(k.cfg.StartTimeout)
	defer deadline.Stop()
	// Any probe with both its reply and an IOPub message will do.
	replied, seenIOPub := map[string]bool{}, map[string]bool{}
	both := func(id string) bool { return replied[id] && seenIOPub[id] }
	for {
		probe, err := k.sendProbe()
		if err != nil {
			return err
		}
		// Re-probe after a second without a reply (the child may not have
		// read its socket yet), or soon after a reply whose IOPub messages
		// we missed because our subscription was not in place yet.
		retry := time.NewTimer(time.Second)
	wait:
		for {
			select {
			case m := <-k.internal:
				id, _, _ := wire.PeekHeader(m.ParentHeader)
				replied[id] = true
				if id == probe {
					retry.Reset(200 * time.Millisecond)
				}
				if both(id) {
					retry.Stop()
					return nil
				}
			case id := <-k.probeIOPub:
				seenIOPub[id] = true
				if both(id) {
					retry.Stop()
					return nil
				}
			case <-retry.C:
				break wait
			case <-k.child.Done():
				retry.Stop()
				return fmt.Errorf("upstream kernel %s before it was ready", k.child.describeExit())
			case <-deadline.C:
				retry.Stop()
				return fmt.Errorf("upstream kernel did not answer within %v", k.cfg.StartTimeout)
			case <-k.ctx.Done():
				retry.Stop()
				return k.ctx.Err()
			}
		}
	}
}

// sendProbe sends a kernel_info_request of our own to the child. It carries
// no routing identity, so the reply comes back without one and is not
// mistaken for a frontend's.
func (k *Kernel) sendProbe() (string, error) {
	m, err := k.newMessage(nil, "kernel_info_request", nil, map[string]any{})
	if err != nil {
		return "", err
	}
	id, _, _ := wire.PeekHeader(m.Header)
	k.probes.add(id)
	k.send(k.up[shellChannel], "probe", m.Frames())
	return id, nil
}

// probeSet holds the msg_ids of our own startup requests, in the order they
// were sent, until their IOPub messages have gone by: frontends must not
// see those.
type probeSet struct {
	mu  sync.Mutex
	ids [][]byte
	// n is len(ids), for a lock-free test on the IOPub hot path, which
	// skips all this once the startup requests are done with.
	n atomic.Int32
}

func (p *probeSet) add(id string) {
	p.mu.Lock()
	p.ids = append(p.ids, []byte(id))
	p.n.Store(int32(len(p.ids)))
	p.mu.Unlock()
}

// owns reports whether an IOPub message answers one of the probes. The
// child handles its shell requests in order and publishes in order, so a
// probe's idle means nothing more will come for it or for any probe sent
// before it (including those whose messages we missed before our
// subscription was live): they are all forgotten.
func (p *probeSet) owns(m *wire.Message) bool {
	if p.n.Load() == 0 {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, id := range p.ids {
		if !bytes.Contains(m.ParentHeader, id) {
			continue
		}
		if isIdle(m) {
			p.ids = p.ids[i+1:]
			p.n.Store(int32(len(p.ids)))
		}
		return true
	}
	return false
}

// drainUpstream waits, briefly, until every upstream reader has seen its
// socket close, so that the child's last replies and outputs are forwarded
// before the kernel exits.
func (k *Kernel) drainUpstream() {
	done := make(chan struct{})
	go func() {
		k.readers.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
	}
}

// frontendHandler forwards the messages of one frontend channel to the
// child. It runs on the goroutine of the connection each message came on,
// one message at a time per channel (zmtp.NewRouterFunc), so that a
// request reaches the child without a hand-off between goroutines. Until
// the child is ready, requests wait, and their connections with them.
func (k *Kernel) frontendHandler(ch channel) func([][]byte) {
	return func(frames [][]byte) {
		select {
		case <-k.frontendOpen:
		case <-k.ctx.Done():
			return
		}
		k.fromFrontend(ch, frames)
	}
}

func (k *Kernel) fromFrontend(ch channel, frames [][]byte) {
	m, err := wire.Parse(frames)
	if err != nil {
		k.log.Printf("drop malformed %s message: %v", ch, err)
		return
	}
	if err := k.signer.Verify(m); err != nil {
		k.log.Printf("drop %s message: %v", ch, err)
		return
	}
	if ch == stdinChannel {
		k.send(k.up[stdinChannel], "stdin", m.Frames())
		return
	}
	msgID, msgType, err := wire.PeekHeader(m.Header)
	if err != nil {
		k.log.Printf("drop %s message: %v", ch, err)
		return
	}
	// The child refuses a replay of what it is only forwarded. The proxy
	// refuses one of what it acts on itself (interrupt, shutdown) or may
	// sign anew (a cell that fix mode rewrites, differently once the first
	// run is in the history); only those need the digest history.
	if actsOn(msgType) && k.digests.Replayed(m.Signature) {
		k.log.Printf("drop %s message: its signature was seen before (a replay)", ch)
		return
	}
	replace := ""
	var check *checkJob
	switch msgType {
	case "interrupt_request":
		k.interrupt(ch, m, msgID, msgType)
		return
	case "shutdown_request":
		if !k.shuttingDown.Swap(true) {
			go k.shutdownWatchdog()
		}
		// A restart starts the next process on the same connection file,
		// which picks the settings up; anything else ends the session.
		if !isRestart(m.Content) {
			k.forgetState()
		}
	case "execute_request":
		if ch == shellChannel {
			m, replace, check = k.interceptExecute(m, msgID)
		}
	}
	if strings.HasSuffix(msgType, "_request") {
		k.pending.add(msgID, &pendingRequest{channel: ch, identities: m.Identities, header: m.Header, msgType: msgType, replaceCell: replace})
	}
	k.send(k.up[ch], ch.String(), m.Frames())
	if check != nil {
		// Only now: the request need not wait for the rule engine's
		// worker to be woken (another thread's wake-up, when there is
		// one), and the cell's notice is not wanted before its output.
		k.queueCheck(check)
	}
}

// actsOn reports whether the proxy acts on a request of this type itself
// rather than only forwarding it.
func actsOn(msgType string) bool {
	switch msgType {
	case "interrupt_request", "shutdown_request", "execute_request":
		return true
	}
	return false
}

// interrupt answers interrupt_request itself, on whichever channel it came
// (VS Code sends it on shell, where the child would only read it after the
// running cell): SIGINT to the child's process group, or, for an upstream
// kernelspec in message mode, the request on the child's control channel.
func (k *Kernel) interrupt(ch channel, m *wire.Message, msgID, msgType string) {
	if k.cfg.Upstream.interruptByMessage() {
		k.pending.add(msgID, &pendingRequest{channel: ch, identities: m.Identities, header: m.Header, msgType: msgType})
		k.send(k.up[controlChannel], "interrupt", m.Frames())
		return
	}
	content := map[string]any{"status": "ok"}
	if err := k.child.signalGroup(syscall.SIGINT); err != nil {
		content = map[string]any{"status": "error", "ename": "InterruptFailed", "evalue": err.Error(), "traceback": []string{}}
	}
	reply, err := k.newMessage(m.Identities, "interrupt_reply", m.Header, content)
	if err != nil {
		k.log.Print(err)
		return
	}
	k.toFrontend(ch, "interrupt_reply", reply.Frames())
}

// shutdownWatchdog terminates a child that does not exit after a
// shutdown_request.
func (k *Kernel) shutdownWatchdog() {
	select {
	case <-k.child.Done():
	case <-time.After(k.cfg.ShutdownGrace):
		k.log.Printf("upstream kernel still running %v after shutdown_request: terminating it", k.cfg.ShutdownGrace)
		k.child.stop(2 * time.Second)
	}
}

// readUpstream forwards one child channel to the frontends until the
// child's socket closes.
func (k *Kernel) readUpstream(ch channel) {
	defer k.readers.Done()
	for {
		frames, err := k.up[ch].Recv()
		if err != nil {
			return
		}
		k.fromUpstream(ch, frames)
	}
}

func (k *Kernel) fromUpstream(ch channel, frames [][]byte) {
	m, err := wire.Parse(frames)
	if err != nil {
		k.log.Printf("drop malformed upstream %s message: %v", ch, err)
		return
	}
	if len(m.Identities) == 0 {
		select {
		case k.internal <- m:
		default:
		}
		return
	}
	dest := ch
	if ch != stdinChannel {
		parentID, _, _ := wire.PeekHeader(m.ParentHeader)
		if p := k.pending.take(parentID); p != nil {
			dest = p.channel
			if p.replaceCell != "" && hasType(m.Header, "execute_reply") {
				m = k.withCellReplaced(m, p.replaceCell)
			}
		}
		if bytes.Contains(m.Header, []byte("kernel_info_reply")) {
			m = k.rewriteKernelInfo(m)
		}
	}
	k.toFrontend(dest, dest.String(), m.Frames())
}

// readUpstreamIOPub republishes the child's IOPub messages verbatim,
// inserting notices after execute_input.
func (k *Kernel) readUpstreamIOPub() {
	defer k.readers.Done()
	for {
		frames, err := k.upIOPub.Recv()
		if err != nil {
			return
		}
		k.fromUpstreamIOPub(frames)
	}
}

func (k *Kernel) fromUpstreamIOPub(frames [][]byte) {
	m, err := wire.Parse(frames)
	if err != nil {
		k.log.Printf("drop malformed upstream iopub message: %v", err)
		return
	}
	if !k.ready.Load() {
		k.probes.owns(m) // forgets probes whose idle this is
		parentID, _, _ := wire.PeekHeader(m.ParentHeader)
		select {
		case k.probeIOPub <- parentID:
		default:
		}
		return
	}
	if k.probes.owns(m) {
		k.preludeMessage(m)
		return
	}
	var entry *noticeEntry
	inputSeen := false
	var explanation *explain.Signature
	var raised *noticeEntry
	if k.notices.active() {
		// Only execute_input, error and idle matter here; the byte tests
		// let every other message (streams above all) through undecoded.
		switch {
		case isError(m):
			// A cell the session checks (not in off mode) gets, right
			// after its error and so before its idle, the explanation of
			// a known Keras 3 failure.
			parentID, _, _ := wire.PeekHeader(m.ParentHeader)
			if e := k.notices.get(parentID); e != nil && e.base.Mode != ModeOff {
				explanation = explainError(m)
				raised = e
			}
		case isExecuteInput(m):
			parentID, _, _ := wire.PeekHeader(m.ParentHeader)
			entry = k.notices.get(parentID)
			inputSeen = entry != nil
		case isIdle(m):
			parentID, _, _ := wire.PeekHeader(m.ParentHeader)
			if entry = k.notices.take(parentID); entry != nil {
				entry.beforeIdle(k.publishNotice)
			}
		}
	}
	if err := k.frontIOPub.Send(frames); err != nil {
		k.log.Printf("republish iopub: %v", err)
	}
	if inputSeen {
		entry.inputForwarded(inputCount(m.Content), k.publishNotice)
	}
	if raised != nil {
		raised.errorForwarded(k.updateNotice)
	}
	if explanation != nil {
		k.publishExplanation(m.ParentHeader, explanation)
	}
}

// preludeMessage looks at an IOPub message of our own requests: one of a
// fix mode prelude tells the cell's notice of an error, and its idle
// forgets the prelude.
func (k *Kernel) preludeMessage(m *wire.Message) {
	parentID, _, _ := wire.PeekHeader(m.ParentHeader)
	v, ok := k.preludes.Load(parentID)
	if !ok {
		return
	}
	switch {
	case isError(m):
		var c struct {
			Name  string `json:"ename"`
			Value string `json:"evalue"`
		}
		json.Unmarshal(m.Content, &c)
		k.log.Printf("fix mode: the imports run before a cell (request %s) failed: %s: %s", parentID, c.Name, c.Value)
		v.(*noticeEntry).preludeFailed(c.Name + ": " + c.Value)
	case isIdle(m):
		k.preludes.Delete(parentID)
	}
}

// isExecuteInput and isIdle recognise the IOPub messages that notices hang
// on, decoding only the few messages that may be one.
func isExecuteInput(m *wire.Message) bool { return hasType(m.Header, "execute_input") }

func isError(m *wire.Message) bool { return hasType(m.Header, "error") }

func isIdle(m *wire.Message) bool {
	if !hasType(m.Header, "status") || !bytes.Contains(m.Content, []byte(`"idle"`)) {
		return false
	}
	var c struct {
		State string `json:"execution_state"`
	}
	return json.Unmarshal(m.Content, &c) == nil && c.State == "idle"
}

// hasType reports whether a header's msg_type is msgType. Kernels write
// the key and its value as plain JSON strings, so a header without the
// bytes "msg_type": "<msgType>" (spacing aside) is ruled out by a scan far
// cheaper than decoding; the few that pass are decoded to be sure.
func hasType(header []byte, msgType string) bool {
	key := []byte(`"msg_type"`)
	for rest := header; ; {
		at := bytes.Index(rest, key)
		if at < 0 {
			return false
		}
		rest = rest[at+len(key):]
		v := bytes.TrimLeft(rest, " \t\r\n")
		if len(v) == 0 || v[0] != ':' {
			continue
		}
		v = bytes.TrimLeft(v[1:], " \t\r\n")
		if len(v) >= len(msgType)+2 && v[0] == '"' && string(v[1:1+len(msgType)]) == msgType && v[1+len(msgType)] == '"' {
			_, got, err := wire.PeekHeader(header)
			return err == nil && got == msgType
		}
	}
}

// publishNotice publishes a cell's notice as display_data.
func (k *Kernel) publishNotice(parent []byte, n *notice) {
	k.publish("display_data", parent, n.displayContent())
}

// updateNotice replaces a notice already out (it has a DisplayID).
func (k *Kernel) updateNotice(parent []byte, n *notice) {
	if n.DisplayID != "" {
		k.publish("update_display_data", parent, n.displayContent())
	}
}

// rewriteKernelInfo says in kernel_info_reply that gokmig is the kernel,
// keeping language_info and everything else from the child. The reply
// changes, so it gets a fresh msg_id and a new signature.
func (k *Kernel) rewriteKernelInfo(m *wire.Message) *wire.Message {
	h, err := wire.ParseHeader(m.Header)
	if err != nil || h.MsgType != "kernel_info_reply" {
		return m
	}
	content, err := wire.Fields(m.Content)
	if err != nil {
		return m
	}
	var childBanner, childImpl, childVersion string
	json.Unmarshal(content["banner"], &childBanner)
	json.Unmarshal(content["implementation"], &childImpl)
	json.Unmarshal(content["implementation_version"], &childVersion)
	banner := fmt.Sprintf("gokmig %s: Keras 3 migration notices under each cell, proxying %s %s (mode %s)\n%s",
		k.cfg.Version, childImpl, childVersion, k.cfg.Mode, childBanner)
	set := func(key string, value any) {
		raw, _ := json.Marshal(value)
		content[key] = raw
	}
	set("implementation", "gokmig")
	set("implementation_version", k.cfg.Version)
	set("banner", banner)
	body, err := json.Marshal(content)
	if err != nil {
		return m
	}
	h.MsgID = uuid.NewString()
	header, err := json.Marshal(h)
	if err != nil {
		return m
	}
	out := *m
	out.Header, out.Content = header, body
	k.signer.Sign(&out)
	return &out
}

// failPending answers every request the dead child left unanswered: an
// error output for cells, an error reply, and idle.
func (k *Kernel) failPending(reason string) {
	for _, p := range k.pending.drain() {
		errContent := map[string]any{"ename": "KernelDied", "evalue": reason, "traceback": []string{"KernelDied: " + reason}}
		if p.msgType == "execute_request" {
			k.publish("error", p.header, errContent)
		}
		reply := map[string]any{"status": "error"}
		for key, v := range errContent {
			reply[key] = v
		}
		replyType := strings.TrimSuffix(p.msgType, "_request") + "_reply"
		if m, err := k.newMessage(p.identities, replyType, p.header, reply); err == nil {
			k.toFrontend(p.channel, replyType, m.Frames())
		}
		k.publishStatus("idle", p.header)
	}
}

// pendingRequest is a request forwarded to the child and not yet answered.
type pendingRequest struct {
	seq        uint64
	channel    channel
	identities [][]byte
	header     []byte
	msgType    string
	// replaceCell is, for a cell fix mode changed, the code its
	// execute_reply asks the frontend to put in the cell.
	replaceCell string
}

// pendingTable tracks unanswered requests by msg_id, to route replies to
// the channel the request came on and to answer them if the child dies.
type pendingTable struct {
	mu   sync.Mutex
	seq  uint64
	reqs map[string]*pendingRequest
}

func (t *pendingTable) init() { t.reqs = map[string]*pendingRequest{} }

func (t *pendingTable) add(id string, p *pendingRequest) {
	t.mu.Lock()
	t.seq++
	p.seq = t.seq
	t.reqs[id] = p
	t.mu.Unlock()
}

func (t *pendingTable) take(id string) *pendingRequest {
	if id == "" {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	p := t.reqs[id]
	delete(t.reqs, id)
	return p
}

// drain empties the table, oldest request first.
func (t *pendingTable) drain() []*pendingRequest {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]*pendingRequest, 0, len(t.reqs))
	for _, p := range t.reqs {
		out = append(out, p)
	}
	t.reqs = map[string]*pendingRequest{}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}
