package zmtp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// These tests talk to the sockets with go-zeromq/zmq4, an independent
// ZMTP implementation, and with raw TCP where a peer must misbehave. The
// kernel's tests do the same with pyzmq (libzmq) through jupyter_client.

func listen(t *testing.T, s interface {
	Listen(string) error
	Close() error
}) {
	t.Helper()
	if err := s.Listen("tcp://127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
}

func endpoint(a net.Addr) string { return "tcp://" + a.String() }

func dial(t *testing.T, s zmq4.Socket, addr net.Addr) zmq4.Socket {
	t.Helper()
	if err := s.Dial(endpoint(addr)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// within runs f and fails the test if it takes longer than d: the
// behaviour under test is that something does not hang.
func within[T any](t *testing.T, d time.Duration, what string, f func() (T, error)) T {
	t.Helper()
	type result struct {
		v   T
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := f()
		ch <- result{v, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			t.Fatalf("%s: %v", what, r.err)
		}
		return r.v
	case <-time.After(d):
		t.Fatalf("%s: nothing within %v", what, d)
	}
	var zero T
	return zero
}

func frames(ss ...string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

func TestRouterRoutesByIdentity(t *testing.T) {
	r := NewRouter(Options{})
	listen(t, r)
	named := dial(t, zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity("frontend-1"))), r.Addr())
	anonymous := dial(t, zmq4.NewDealer(context.Background()), r.Addr())

	if err := named.Send(zmq4.NewMsgFrom(frames("hello", "world")...)); err != nil {
		t.Fatal(err)
	}
	got := within(t, 10*time.Second, "router recv", r.Recv)
	if want := frames("frontend-1", "hello", "world"); !slices.EqualFunc(got, want, bytes.Equal) {
		t.Fatalf("router got %q, want %q", got, want)
	}
	if err := anonymous.Send(zmq4.NewMsg([]byte("anon"))); err != nil {
		t.Fatal(err)
	}
	fromAnon := within(t, 10*time.Second, "router recv", r.Recv)
	if len(fromAnon) != 2 || len(fromAnon[0]) == 0 || string(fromAnon[1]) != "anon" {
		t.Fatalf("router got %q from an anonymous dealer", fromAnon)
	}

	r.Send(frames("frontend-1", "reply", "to one"))
	r.Send(append([][]byte{fromAnon[0]}, []byte("reply to anon")))
	r.Send(frames("nobody", "dropped"))
	for _, c := range []struct {
		sock zmq4.Socket
		want [][]byte
	}{{named, frames("reply", "to one")}, {anonymous, frames("reply to anon")}} {
		msg := within(t, 10*time.Second, "dealer recv", c.sock.Recv)
		if !slices.EqualFunc(msg.Frames, c.want, bytes.Equal) {
			t.Errorf("dealer got %q, want %q", msg.Frames, c.want)
		}
	}
}

func TestRepAnswersRequests(t *testing.T) {
	rep := NewRep(Options{}, func(req [][]byte) [][]byte { return req })
	listen(t, rep)
	req := dial(t, zmq4.NewReq(context.Background()), rep.Addr())
	for i := range 3 {
		ping := fmt.Sprintf("ping %d", i)
		if err := req.Send(zmq4.NewMsgString(ping)); err != nil {
			t.Fatal(err)
		}
		got := within(t, 10*time.Second, "req recv", req.Recv)
		if len(got.Frames) != 1 || string(got.Frames[0]) != ping {
			t.Fatalf("echo of %q: %q", ping, got.Frames)
		}
	}
}

// subscribed waits until the PUB has n subscribers: a subscription is a
// message from the subscriber, and what is published before it arrives is
// not for that subscriber.
func subscribed(t *testing.T, pub *Pub, n int) {
	t.Helper()
	within(t, 10*time.Second, "subscription", func() (int, error) {
		for pub.subscribers() < n {
			time.Sleep(time.Millisecond)
		}
		return 0, nil
	})
}

func TestPubFiltersByTopicPrefix(t *testing.T) {
	pub := NewPub(Options{})
	listen(t, pub)
	sub := dial(t, zmq4.NewSub(context.Background()), pub.Addr())
	sub.SetOption(zmq4.OptionSubscribe, "kernel.")
	subscribed(t, pub, 1)
	pub.Send(frames("other.x", "not for you"))
	pub.Send(frames("kernel.1.status", "for you"))
	got := within(t, 10*time.Second, "sub recv", sub.Recv)
	if want := frames("kernel.1.status", "for you"); !slices.EqualFunc(got.Frames, want, bytes.Equal) {
		t.Fatalf("subscriber got %q, want %q", got.Frames, want)
	}
}

// rawPeer connects with a ZMTP handshake of its own, as socketType, and
// returns the connection past the server's greeting and READY.
func rawPeer(t *testing.T, addr net.Addr, socketType string, setup func(*net.TCPConn)) *net.TCPConn {
	t.Helper()
	c, err := net.Dial("tcp", addr.String())
	if err != nil {
		t.Fatal(err)
	}
	conn := c.(*net.TCPConn)
	t.Cleanup(func() { conn.Close() })
	if setup != nil {
		setup(conn)
	}
	if _, err := conn.Write(append(greeting(), readyCommand(socketType, nil)...)); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	g := make([]byte, greetingSize)
	if _, err := io.ReadFull(conn, g); err != nil {
		t.Fatalf("server greeting: %v", err)
	}
	fr := frameReader{r: bufio.NewReader(conn)}
	if _, body, err := fr.readFrame(maxCommandSize, maxCommandSize); err != nil || !bytes.HasPrefix(body, []byte("\x05READY")) {
		t.Fatalf("server READY: %q, %v", body, err)
	}
	conn.SetReadDeadline(time.Time{})
	return conn
}

// longFrameHeader announces a frame of size bytes.
func longFrameHeader(flags byte, size uint64) []byte {
	return binary.BigEndian.AppendUint64([]byte{flags | flagLong}, size)
}

// Regression (issue 8, item 1): zmq4 allocated whatever length a peer
// announced, so 77 bytes (greeting, READY, a frame header for 64 GiB)
// killed the process. Each announcement here must close that connection
// only, and the socket must go on serving real peers.
func TestOversizedFramesCloseOnlyTheirConnection(t *testing.T) {
	r := NewRouter(Options{})
	listen(t, r)
	cases := map[string][]byte{
		"64 GiB":          longFrameHeader(0, 64<<30),
		"2^62":            longFrameHeader(0, 1<<62),
		"2^64-1":          longFrameHeader(0, ^uint64(0)),
		"limit+1":         longFrameHeader(0, MaxMessageSize+1),
		"message > limit": append(append(longFrameHeader(flagMore, 255), make([]byte, 255)...), longFrameHeader(0, MaxMessageSize-254)...),
		"command 64 GiB":  longFrameHeader(flagCommand, 64<<30),
		"command > limit": longFrameHeader(flagCommand, maxCommandSize+1),
	}
	for name, attack := range cases {
		t.Run(name, func(t *testing.T) {
			conn := rawPeer(t, r.Addr(), "DEALER", nil)
			if _, err := conn.Write(attack); err != nil {
				t.Fatal(err)
			}
			conn.SetReadDeadline(time.Now().Add(10 * time.Second))
			if n, err := conn.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
				t.Fatalf("connection still open after announcing %s: read %d bytes, %v", name, n, err)
			}
		})
	}
	d := dial(t, zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity("after"))), r.Addr())
	d.Send(zmq4.NewMsgString("still there?"))
	got := within(t, 10*time.Second, "router recv after the attacks", r.Recv)
	if string(got[len(got)-1]) != "still there?" {
		t.Fatalf("router got %q", got)
	}
}

// A frame of exactly the limit is accepted: the limit is not off by one.
func TestMessageOfTheLimitPasses(t *testing.T) {
	if testing.Short() {
		t.Skip("moves 256 MiB")
	}
	r := NewRouter(Options{})
	listen(t, r)
	conn := rawPeer(t, r.Addr(), "DEALER", nil)
	go func() {
		conn.Write(longFrameHeader(flagMore, 1))
		conn.Write([]byte{'x'})
		conn.Write(longFrameHeader(0, MaxMessageSize-1))
		conn.Write(make([]byte, MaxMessageSize-1))
	}()
	got := within(t, 60*time.Second, "router recv", r.Recv)
	if len(got) != 3 || len(got[1])+len(got[2]) != MaxMessageSize {
		t.Fatalf("got %d frames", len(got))
	}
}

// stalledSubscriber subscribes to everything over raw TCP with the
// smallest receive buffer and never reads.
func stalledSubscriber(t *testing.T, pub *Pub) {
	t.Helper()
	c := rawPeer(t, pub.Addr(), "SUB", func(c *net.TCPConn) { c.SetReadBuffer(1) })
	if _, err := c.Write([]byte{0, 1, 1}); err != nil { // a one-byte message: subscribe to ""
		t.Fatal(err)
	}
}

// Regression (issue 8, item 2): zmq4's PUB wrote to its subscribers one
// after another, so one that stopped reading stopped all of them. Here a
// subscriber that never reads must not delay a live one.
func TestStalledSubscriberDoesNotHoldUpOthers(t *testing.T) {
	const messages = 20000
	pub := NewPub(Options{HighWaterMark: 1 << 20})
	listen(t, pub)
	stalledSubscriber(t, pub)
	live := dial(t, zmq4.NewSub(context.Background()), pub.Addr())
	live.SetOption(zmq4.OptionSubscribe, "")
	subscribed(t, pub, 2)

	line := bytes.Repeat([]byte("x"), 1024)
	got := make(chan int, 1)
	go func() {
		n := 0
		for n < messages {
			msg, err := live.Recv()
			if err != nil || string(msg.Frames[1]) != fmt.Sprint(n) {
				break // lost, or out of order
			}
			n++
		}
		got <- n
	}()
	within(t, 30*time.Second, "publishing", func() (int, error) {
		for i := range messages {
			pub.Send([][]byte{[]byte("stream"), []byte(fmt.Sprint(i)), line[:i%len(line)]})
		}
		return 0, nil
	})
	if n := within(t, 30*time.Second, "live subscriber", func() (int, error) { return <-got, nil }); n != messages {
		t.Fatalf("live subscriber got %d of %d messages in order", n, messages)
	}
}

// A subscriber that does not read loses what goes past its high-water
// mark, and only that.
func TestStalledSubscriberQueueStopsAtTheHighWaterMark(t *testing.T) {
	const hwm = 100
	pub := NewPub(Options{HighWaterMark: hwm})
	listen(t, pub)
	stalledSubscriber(t, pub)
	subscribed(t, pub, 1)
	line := bytes.Repeat([]byte("x"), 64<<10)
	within(t, 30*time.Second, "publishing", func() (int, error) {
		for range 1000 {
			pub.Send([][]byte{[]byte("stream"), line})
		}
		return 0, nil
	})
	pub.mu.RLock()
	defer pub.mu.RUnlock()
	for p := range pub.peers {
		if n := p.pending(); n > hwm {
			t.Errorf("stalled subscriber holds %d messages, over the high-water mark of %d", n, hwm)
		}
	}
}

// A ROUTER made with NewRouterFunc passes each message, the sender's
// identity first, to its handler: every message of each connection, in
// the order it was sent, and one call at a time across connections.
func TestRouterFuncHandsMessagesOver(t *testing.T) {
	const perDealer = 200
	type got struct {
		id  string
		seq string
	}
	received := make(chan got, 2*perDealer)
	var inside, overlapped atomic.Int32
	r := NewRouterFunc(Options{}, func(msg [][]byte) {
		if inside.Add(1) > 1 {
			overlapped.Add(1)
		}
		defer inside.Add(-1)
		if len(msg) != 2 {
			t.Errorf("handler got %q, want identity and one frame", msg)
			return
		}
		received <- got{string(msg[0]), string(msg[1])}
	})
	listen(t, r)
	if _, err := r.Recv(); err == nil {
		t.Fatal("Recv on a handler ROUTER returned a message")
	}
	dealers := []zmq4.Socket{
		dial(t, zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity("a"))), r.Addr()),
		dial(t, zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity("b"))), r.Addr()),
	}
	for i, d := range dealers {
		go func() {
			for n := range perDealer {
				if err := d.Send(zmq4.NewMsgString(fmt.Sprint(n))); err != nil {
					t.Errorf("dealer %d: %v", i, err)
					return
				}
			}
		}()
	}
	next := map[string]int{}
	for range 2 * perDealer {
		m := within(t, 10*time.Second, "handler call", func() (got, error) { return <-received, nil })
		if want := fmt.Sprint(next[m.id]); m.seq != want {
			t.Fatalf("from %q: message %s, want %s (out of order or lost)", m.id, m.seq, want)
		}
		next[m.id]++
	}
	if next["a"] != perDealer || next["b"] != perDealer {
		t.Fatalf("messages per identity: %v", next)
	}
	if n := overlapped.Load(); n > 0 {
		t.Fatalf("the handler ran %d times while another call was running", n)
	}
}
