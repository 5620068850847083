// Package kernel is a Jupyter kernel that proxies every message to a real
// upstream kernel (ipykernel by default) and adds Keras 3 migration notices
// under the cells it runs.
//
// Frontends connect to sockets this process binds; the upstream kernel is a
// child process with its own connection file (same key, fresh ports).
// Requests travel to it as raw frames behind the frontend's routing
// identity, the way a ZeroMQ ROUTER/DEALER broker forwards them, so replies
// and input requests find their way back to the right frontend without a
// lookup table. Only execute_request (in fix mode, or holding a %gokmig
// magic) and kernel_info_reply are re-encoded; everything else, buffers
// included, passes byte for byte.
package kernel

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/google/uuid"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/kernel/wire"
	"github.com/gokmig/gokmig/kernel/zmtp"
)

// Config configures a kernel.
type Config struct {
	Connection ConnectionInfo
	// ConnectionFile, when set, is rewritten with the ports actually bound
	// if Connection asked for port 0, as ipykernel does.
	ConnectionFile string
	Upstream       Upstream
	Mode           Mode
	// Target is the migration target until a %gokmig target magic changes
	// it; default tf.
	Target cellfix.Target
	// Checker runs the migration rules; it is required unless Mode is off
	// for the whole session.
	Checker Checker
	// CheckWait bounds how long a cell waits for its checks: in fix mode it
	// then runs unchanged, in warn mode its notice goes out without
	// findings before the child's idle. Default 10 s.
	CheckWait time.Duration
	// Version goes into kernel_info_reply.
	Version string
	// Log receives diagnostics; nil discards them.
	Log *log.Logger
	// ChildStdout and ChildStderr receive the upstream kernel's own output
	// (Jupyter shows a kernel's stderr in its server log).
	ChildStdout, ChildStderr io.Writer
	// StartTimeout bounds the wait for the upstream kernel to answer.
	StartTimeout time.Duration
	// HandleSignals forwards SIGINT to the upstream kernel and shuts down on
	// SIGTERM and SIGHUP. Off in tests, which share the process.
	HandleSignals bool
	// StateFile keeps the mode and target that %gokmig magics set, so that
	// a restart (a new process on the same connection file) keeps them;
	// see StatePath. "" keeps them in memory only.
	StateFile string
	// ShutdownGrace is how long the upstream kernel may take to exit after
	// a shutdown_request before it is terminated.
	ShutdownGrace time.Duration
}

// ChildExitError reports that the upstream kernel died without being asked
// to shut down.
type ChildExitError struct{ How string }

func (e *ChildExitError) Error() string { return "upstream kernel " + e.How }

// iopubHighWaterMark bounds the messages queued for each IOPub subscriber;
// past it, that subscriber alone loses messages. The mark is far above any
// burst a cell produces (a loop printing 100,000 lines with flush=True
// queues that many messages while a frontend lags; TCP back-pressure from a
// slow reader holds them here rather than losing them, as a plain
// ipykernel's 1000-message queue does) and, with the byte limit of each
// queue, still caps memory if a subscriber stops reading for good.
const iopubHighWaterMark = 1 << 20

// upstreamHighWaterMark bounds the messages queued toward the child on
// each of its sockets. A frontend's requests and stdin replies are few;
// the mark is there so that they are never dropped while the child is
// busy, the byte limit of each queue still capping memory.
const upstreamHighWaterMark = 1 << 20

// transportLogEvery spaces the log lines about connections the frontend
// sockets refuse: a burst of garbage connections gets one line, with a
// count, not one line each.
const transportLogEvery = 10 * time.Second

// channel names a request channel.
type channel int

const (
	shellChannel channel = iota
	controlChannel
	stdinChannel
)

func (c channel) String() string {
	return [...]string{"shell", "control", "stdin"}[c]
}

// Kernel is one running proxy kernel.
type Kernel struct {
	cfg     Config
	log     *log.Logger
	signer  *wire.Signer
	digests *wire.DigestHistory // of the frontends' messages, against replays
	session string              // session id in headers this process creates
	ctx     context.Context
	cancel  context.CancelFunc

	// Sockets frontends connect to.
	front      [3]*zmtp.Router // indexed by channel
	frontIOPub *zmtp.Pub
	frontHB    *zmtp.Rep
	// Sockets toward the upstream kernel.
	up      [3]*zmtp.Dealer
	upIOPub *zmtp.Sub

	child       *child
	childConn   string // upstream connection file, removed at exit
	pending     pendingTable
	notices     noticeTable
	checks      chan *checkJob
	interceptor interceptor // owned by the shell handler (frontendHandler)
	// restored is the note for the first cell after a restart that kept
	// settings other than the defaults; owned by the shell handler.
	restored string

	// ownsConnFile: we wrote cfg.ConnectionFile, and remove it at exit.
	ownsConnFile bool

	ready        atomic.Bool
	shuttingDown atomic.Bool
	probes       probeSet
	internal     chan *wire.Message // replies to our own requests
	// preludes maps the msg_id of each fix mode prelude (imports run
	// before a cell) to the cell's notice, until the prelude's idle.
	preludes   sync.Map
	probeIOPub chan string // parent msg_ids seen on IOPub before ready
	// frontendOpen is closed once the child is ready: frontend requests
	// wait for it (see frontendHandler).
	frontendOpen chan struct{}

	readers sync.WaitGroup // upstream readers, done once their sockets close
}

// Run starts the kernel and serves until it is shut down (nil), the
// upstream kernel dies (*ChildExitError) or ctx ends (nil).
func Run(ctx context.Context, cfg Config) error {
	if cfg.Log == nil {
		cfg.Log = log.New(io.Discard, "", 0)
	}
	if cfg.Mode == "" {
		cfg.Mode = ModeWarn
	}
	if cfg.Checker == nil && cfg.Mode != ModeOff {
		return errors.New("kernel: a Checker is required unless the mode is off")
	}
	if cfg.StartTimeout == 0 {
		cfg.StartTimeout = 60 * time.Second
	}
	if cfg.CheckWait == 0 {
		cfg.CheckWait = defaultCheckWait
	}
	if cfg.ShutdownGrace == 0 {
		cfg.ShutdownGrace = 3 * time.Second
	}
	if cfg.ChildStdout == nil {
		cfg.ChildStdout = os.Stdout
	}
	if cfg.ChildStderr == nil {
		cfg.ChildStderr = os.Stderr
	}
	signer, err := wire.NewSigner(cfg.Connection.SignatureScheme, []byte(cfg.Connection.Key))
	if err != nil {
		return fmt.Errorf("kernel: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	k := &Kernel{
		cfg:        cfg,
		log:        cfg.Log,
		signer:     signer,
		digests:    wire.NewDigestHistory(wire.DefaultDigestHistory),
		session:    uuid.NewString(),
		ctx:        ctx,
		cancel:     cancel,
		checks:     make(chan *checkJob, 64),
		internal:   make(chan *wire.Message, 16),
		probeIOPub: make(chan string, 64),

		frontendOpen: make(chan struct{}),
	}
	k.pending.init()
	k.notices.init()
	k.interceptor = interceptor{mode: cfg.Mode, target: cfg.Target}
	if k.interceptor.target == "" {
		k.interceptor.target = cellfix.TargetTF
	}
	k.restoreState()
	defer k.close()
	return k.run()
}

func (k *Kernel) run() error {
	if err := k.bind(); err != nil {
		return err
	}
	if k.cfg.Checker != nil {
		go k.runChecks()
	}
	if err := k.startUpstream(); err != nil {
		return err
	}
	if err := k.waitUpstreamReady(); err != nil {
		k.child.stop(time.Second)
		return err
	}
	k.ready.Store(true)
	k.publishStatus("starting", nil)
	close(k.frontendOpen)

	var signals chan os.Signal
	if k.cfg.HandleSignals {
		signals = make(chan os.Signal, 4)
		signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
		defer signal.Stop(signals)
	}
	for {
		select {
		case sig := <-signals:
			if sig == syscall.SIGINT {
				k.log.Printf("SIGINT: interrupting the upstream kernel")
				if err := k.child.signalGroup(syscall.SIGINT); err != nil {
					k.log.Print(err)
				}
				continue
			}
			k.log.Printf("%v: stopping", sig)
			k.shuttingDown.Store(true)
			k.child.stop(k.cfg.ShutdownGrace)
			return nil
		case <-k.ctx.Done():
			k.shuttingDown.Store(true)
			k.child.stop(k.cfg.ShutdownGrace)
			return nil
		case <-k.child.Done():
			k.drainUpstream()
			if k.shuttingDown.Load() {
				k.linger()
				return nil
			}
			how := k.child.describeExit()
			k.log.Printf("upstream kernel %s", how)
			k.failPending("The Python kernel behind gokmig " + how + ". Restart the kernel to continue.")
			k.linger()
			return &ChildExitError{How: how}
		}
	}
}

// bind opens the frontend sockets on the connection file's ports.
func (k *Kernel) bind() error {
	info := &k.cfg.Connection
	opts := zmtp.Options{Log: zmtp.NewLimitedLog(k.log, transportLogEvery)}
	for _, ch := range []channel{shellChannel, controlChannel, stdinChannel} {
		k.front[ch] = zmtp.NewRouterFunc(opts, k.frontendHandler(ch))
	}
	// The heartbeat is echoed here: the proxy is alive as long as this
	// process is, and it exits when the upstream kernel dies.
	k.frontHB = zmtp.NewRep(opts, func(ping [][]byte) [][]byte { return ping })
	iopubOpts := opts
	iopubOpts.HighWaterMark = iopubHighWaterMark
	k.frontIOPub = zmtp.NewPub(iopubOpts)
	// A connection file that does not exist yet (--f=, as VS Code gives it)
	// is written here and removed at exit, as ipykernel does.
	rewrite := k.cfg.ConnectionFile != "" && !fileExists(k.cfg.ConnectionFile)
	k.ownsConnFile = rewrite
	for _, s := range []struct {
		name string
		sock interface {
			Listen(string) error
			Addr() net.Addr
		}
		port *int
	}{
		{"shell", k.front[shellChannel], &info.ShellPort},
		{"control", k.front[controlChannel], &info.ControlPort},
		{"stdin", k.front[stdinChannel], &info.StdinPort},
		{"iopub", k.frontIOPub, &info.IOPubPort},
		{"heartbeat", k.frontHB, &info.HBPort},
	} {
		if err := s.sock.Listen(info.Endpoint(*s.port)); err != nil {
			return fmt.Errorf("bind %s socket: %w", s.name, err)
		}
		if *s.port == 0 {
			rewrite = true
			*s.port = portOf(s.sock.Addr())
		}
	}
	if rewrite && k.cfg.ConnectionFile != "" {
		return info.WriteFile(k.cfg.ConnectionFile)
	}
	return nil
}

func portOf(addr net.Addr) int {
	if a, ok := addr.(*net.TCPAddr); ok {
		return a.Port
	}
	return 0
}

// close releases sockets and the upstream connection file.
func (k *Kernel) close() {
	k.cancel()
	for _, s := range k.front {
		if s != nil {
			s.Close()
		}
	}
	if k.frontIOPub != nil {
		k.frontIOPub.Close()
	}
	if k.frontHB != nil {
		k.frontHB.Close()
	}
	for _, s := range k.up {
		if s != nil {
			s.Close()
		}
	}
	if k.upIOPub != nil {
		k.upIOPub.Close()
	}
	if k.child != nil && !k.child.exited() {
		k.child.stop(time.Second)
	} else if k.child != nil {
		k.child.signalGroup(syscall.SIGKILL) // leftovers of the group
	}
	if k.childConn != "" {
		os.Remove(k.childConn)
	}
	if k.ownsConnFile {
		os.Remove(k.cfg.ConnectionFile)
	}
}

// linger lets the IOPub queues reach subscribers before the sockets close,
// as ZMQ_LINGER would. The last messages are a handful, written in
// microseconds unless a subscriber has stopped reading, which the bound is
// for.
func (k *Kernel) linger() {
	k.frontIOPub.Flush(time.Second)
}

// newMessage builds and signs a message of our own.
func (k *Kernel) newMessage(identities [][]byte, msgType string, parent []byte, content any) (*wire.Message, error) {
	return k.signer.New(identities, wire.NewHeader(msgType, k.session, "gokmig"), parent, map[string]any{}, content)
}

// publish sends a message of our own on IOPub.
func (k *Kernel) publish(msgType string, parent []byte, content any) {
	topic := []byte("kernel." + k.session + "." + msgType)
	m, err := k.newMessage([][]byte{topic}, msgType, parent, content)
	if err != nil {
		k.log.Print(err)
		return
	}
	if err := k.frontIOPub.Send(m.Frames()); err != nil {
		k.log.Printf("publish %s: %v", msgType, err)
	}
}

func (k *Kernel) publishStatus(state string, parent []byte) {
	k.publish("status", parent, map[string]string{"execution_state": state})
}

// send writes frames to a socket toward the child, logging failures.
func (k *Kernel) send(s *zmtp.Dealer, what string, frames [][]byte) {
	if err := s.Send(frames); err != nil && k.ctx.Err() == nil {
		k.log.Printf("send %s: %v", what, err)
	}
}

// toFrontend sends frames, the frontend's identity first, on channel ch.
func (k *Kernel) toFrontend(ch channel, what string, frames [][]byte) {
	if err := k.front[ch].Send(frames); err != nil && k.ctx.Err() == nil {
		k.log.Printf("send %s: %v", what, err)
	}
}
