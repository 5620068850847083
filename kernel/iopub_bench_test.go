package kernel

import (
	"context"
	"encoding/json"
	"io"
	"log"
	"testing"

	"github.com/gokmig/gokmig/kernel/wire"
	"github.com/gokmig/gokmig/kernel/zmtp"
)

// BenchmarkIOPubForward measures the per-message cost of republishing one
// of the child's stream outputs while a warn-mode cell runs: the hot path
// of a cell that prints a lot. The probe's idle has been seen, as it is
// shortly after startup; the PUB socket is real and has no subscriber.
func BenchmarkIOPubForward(b *testing.B) {
	k := benchKernel(b)
	signer, _ := wire.NewSigner("hmac-sha256", []byte("bench-key"))
	childMessage := func(msgType string, parent []byte, content any) [][]byte {
		h := wire.NewHeader(msgType, "child-session", "username")
		m, err := signer.New([][]byte{[]byte("kernel.child." + msgType)}, h, parent, map[string]any{}, content)
		if err != nil {
			b.Fatal(err)
		}
		return m.Frames()
	}
	header := func(msgType string) (string, []byte) {
		h := wire.NewHeader(msgType, "frontend-session", "user")
		raw, _ := json.Marshal(h)
		return h.MsgID, raw
	}

	probeID, probeHeader := header("kernel_info_request")
	k.probes.add(probeID)
	k.ready.Store(true)
	k.fromUpstreamIOPub(childMessage("status", probeHeader, map[string]string{"execution_state": "idle"}))

	cellID, cellHeader := header("execute_request")
	k.notices.add(cellID, &noticeEntry{parent: cellHeader, base: &notice{Mode: ModeWarn}})
	stream := childMessage("stream", cellHeader, map[string]string{"name": "stdout", "text": "epoch 3/10 - loss: 0.4182\n"})

	b.ReportAllocs()
	for b.Loop() {
		k.fromUpstreamIOPub(stream)
	}
}

// benchKernel is a Kernel with just what the IOPub path needs.
func benchKernel(b *testing.B) *Kernel {
	b.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	k := &Kernel{
		log:        log.New(io.Discard, "", 0),
		ctx:        ctx,
		cancel:     cancel,
		probeIOPub: make(chan string, 64),
		frontIOPub: zmtp.NewPub(zmtp.Options{}),
	}
	k.notices.init()
	k.pending.init()
	if err := k.frontIOPub.Listen("tcp://127.0.0.1:0"); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		cancel()
		k.frontIOPub.Close()
	})
	return k
}
