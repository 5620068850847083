package zmtp

import (
	"context"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// BenchmarkRouterRoundTrip measures one request and its reply through a
// ROUTER that echoes, as the kernel's shell socket forwards them, with a
// zmq4 DEALER as the frontend: this package against zmq4's own ROUTER.
func BenchmarkRouterRoundTrip(b *testing.B) {
	msg := frames("<IDS|MSG>", "0123456789abcdef0123456789abcdef", `{"msg_type":"execute_request"}`, "{}", "{}", `{"code":"pass"}`)
	run := func(b *testing.B, listen func() string, recv func() ([][]byte, error), send func([][]byte) error) {
		go func() {
			for {
				m, err := recv()
				if err != nil || send(m) != nil {
					return
				}
			}
		}()
		d := zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity("bench")))
		defer d.Close()
		if err := d.Dial(listen()); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := d.Send(zmq4.NewMsgFrom(msg...)); err != nil {
				b.Fatal(err)
			}
			if _, err := d.Recv(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("zmtp", func(b *testing.B) {
		r := NewRouter(Options{})
		defer r.Close()
		run(b, func() string {
			if err := r.Listen("tcp://127.0.0.1:0"); err != nil {
				b.Fatal(err)
			}
			return endpoint(r.Addr())
		}, r.Recv, r.Send)
	})
	b.Run("zmq4", func(b *testing.B) {
		r := zmq4.NewRouter(context.Background())
		defer r.Close()
		run(b, func() string {
			if err := r.Listen("tcp://127.0.0.1:0"); err != nil {
				b.Fatal(err)
			}
			return endpoint(r.Addr())
		}, func() ([][]byte, error) {
			m, err := r.Recv()
			return m.Frames, err
		}, func(f [][]byte) error { return r.SendMulti(zmq4.NewMsgFrom(f...)) })
	})
}

// BenchmarkDealerRoundTrip measures one request and its reply from a
// DEALER through an echoing ROUTER (this package's), as the kernel sends
// to its child and reads the reply: this package's DEALER against zmq4's.
func BenchmarkDealerRoundTrip(b *testing.B) {
	msg := frames("<IDS|MSG>", "0123456789abcdef0123456789abcdef", `{"msg_type":"execute_request"}`, "{}", "{}", `{"code":"pass"}`)
	echo := func(b *testing.B) string {
		r := NewRouter(Options{})
		b.Cleanup(func() { r.Close() })
		if err := r.Listen("tcp://127.0.0.1:0"); err != nil {
			b.Fatal(err)
		}
		go func() {
			for {
				m, err := r.Recv()
				if err != nil || r.Send(m) != nil {
					return
				}
			}
		}()
		return endpoint(r.Addr())
	}
	b.Run("zmtp", func(b *testing.B) {
		d := NewDealer(Options{}, []byte("bench"))
		defer d.Close()
		if err := d.Dial(context.Background(), echo(b), time.Millisecond); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := d.Send(msg); err != nil {
				b.Fatal(err)
			}
			if _, err := d.Recv(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("zmq4", func(b *testing.B) {
		d := zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity("bench")))
		defer d.Close()
		if err := d.Dial(echo(b)); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := d.Send(zmq4.NewMsgFrom(msg...)); err != nil {
				b.Fatal(err)
			}
			if _, err := d.Recv(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
