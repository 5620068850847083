package zmtp

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// freeAddr returns a TCP address nothing listens on (yet).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// A DEALER dialled before its ROUTER (zmq4's, an independent
// implementation) listens keeps trying until it is there, introduces
// itself with its identity, and exchanges messages both ways, frames
// intact, empty and large ones included.
func TestDealerTalksToARouter(t *testing.T) {
	addr := freeAddr(t)
	d := NewDealer(Options{}, []byte("shell-42"))
	t.Cleanup(func() { d.Close() })
	dialed := make(chan error, 1)
	go func() { dialed <- d.Dial(context.Background(), "tcp://"+addr, 5*time.Millisecond) }()
	time.Sleep(30 * time.Millisecond) // a few failed attempts first
	router := zmq4.NewRouter(context.Background())
	t.Cleanup(func() { router.Close() })
	if err := router.Listen("tcp://" + addr); err != nil {
		t.Fatal(err)
	}
	within(t, 10*time.Second, "dial", func() (struct{}, error) { return struct{}{}, <-dialed })

	big := bytes.Repeat([]byte("x"), 300<<10)
	sent := [][]byte{[]byte("<IDS|MSG>"), {}, []byte(`{"msg_type":"execute_request"}`), big}
	if err := d.Send(sent); err != nil {
		t.Fatal(err)
	}
	got := within(t, 10*time.Second, "router recv", router.Recv)
	if want := append([][]byte{[]byte("shell-42")}, sent...); !slices.EqualFunc(got.Frames, want, bytes.Equal) {
		t.Fatalf("router got %d frames starting %q, want %d starting with the dealer's identity", len(got.Frames), got.Frames[0], len(want))
	}
	reply := [][]byte{[]byte("shell-42"), []byte("<IDS|MSG>"), []byte("reply"), big}
	if err := router.Send(zmq4.NewMsgFrom(reply...)); err != nil {
		t.Fatal(err)
	}
	back := within(t, 10*time.Second, "dealer recv", d.Recv)
	if !slices.EqualFunc(back, reply[1:], bytes.Equal) {
		t.Fatalf("dealer got %d frames starting %q, want %d", len(back), back[0], len(reply)-1)
	}
}

// A SUB sends its subscription on connecting and receives what the PUB
// publishes on the topics it asked for, and nothing else.
func TestSubReceivesItsTopics(t *testing.T) {
	pub := zmq4.NewPub(context.Background())
	t.Cleanup(func() { pub.Close() })
	if err := pub.Listen("tcp://127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	s := NewSub(Options{}, []byte("kernel."))
	t.Cleanup(func() { s.Close() })
	if err := s.Dial(context.Background(), endpoint(pub.Addr()), 5*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	// The subscription travels after the handshake; publish until it is in.
	got := make(chan [][]byte, 1)
	go func() {
		for {
			m, err := s.Recv()
			if err != nil {
				close(got)
				return
			}
			got <- m
			return
		}
	}()
	deadline := time.After(10 * time.Second)
	for {
		pub.Send(zmq4.NewMsgFrom([]byte("other.topic"), []byte("not for us")))
		pub.Send(zmq4.NewMsgFrom([]byte("kernel.1.status"), []byte("idle")))
		select {
		case m := <-got:
			if want := [][]byte{[]byte("kernel.1.status"), []byte("idle")}; !slices.EqualFunc(m, want, bytes.Equal) {
				t.Fatalf("sub got %q, want %q", m, want)
			}
			return
		case <-deadline:
			t.Fatal("nothing received within 10s")
		case <-time.After(10 * time.Millisecond):
		}
	}
}

// When the peer goes away, Recv hands over what arrived before, then an
// error; after Close it says the socket is closed.
func TestClientRecvEndsWithItsConnection(t *testing.T) {
	r := NewRouter(Options{})
	listen(t, r)
	d := NewDealer(Options{}, []byte("me"))
	t.Cleanup(func() { d.Close() })
	if err := d.Dial(context.Background(), endpoint(r.Addr()), 5*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	d.Send(frames("hello"))
	if m := within(t, 10*time.Second, "router recv", r.Recv); string(m[0]) != "me" {
		t.Fatalf("router got identity %q, want me", m[0])
	}
	r.Send(frames("me", "last words"))
	within(t, 10*time.Second, "flush", func() (bool, error) { return r.Flush(10 * time.Second), nil })
	r.Close()
	if m := within(t, 10*time.Second, "dealer recv", d.Recv); string(m[0]) != "last words" {
		t.Fatalf("dealer got %q, want the last message", m)
	}
	done := make(chan error, 1)
	go func() { _, err := d.Recv(); done <- err }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("Recv after the peer left: no error")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Recv after the peer left: still waiting after 10s")
	}
	d.Close()
	if _, err := d.Recv(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Recv after Close: %v, want ErrClosed", err)
	}
}

// A peer announcing a frame over the limit ends the connection with
// ErrTooLarge before anything is allocated for it.
func TestClientRefusesOversizedFrames(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.Write(append(greeting(), readyCommand("ROUTER", nil)...))
		io.ReadFull(conn, make([]byte, greetingSize)) // theirs
		conn.Write(longFrameHeader(0, 1<<62))
		time.Sleep(time.Second) // keep the connection until it is refused
	}()
	d := NewDealer(Options{}, nil)
	t.Cleanup(func() { d.Close() })
	if err := d.Dial(context.Background(), "tcp://"+ln.Addr().String(), 5*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	_, err = d.Recv()
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Recv: %v, want ErrTooLarge", err)
	}
}

// Dial gives up when its context ends, naming the endpoint.
func TestDialStopsWithItsContext(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	d := NewDealer(Options{}, nil)
	defer d.Close()
	err := d.Dial(ctx, "tcp://"+addr, 5*time.Millisecond)
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte(addr)) {
		t.Fatalf("Dial: %v, want an error naming %s", err, addr)
	}
}
