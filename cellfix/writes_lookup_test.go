package cellfix

import (
	"fmt"
	"strings"
	"testing"
)

// A path's later reads and last write, looked up by the path's key in
// modelWrites, are the ones ranging over the calls modelWrites lists and
// asking every call give: for every call's first argument, in the runtime
// programs (each a cell, and joined into one) and in a script that saves,
// reloads and checkpoints a few files over and over (one cell, and a cell
// per round).
func TestWritesByKeyMatchScans(t *testing.T) {
	cells, joined := runtimePrograms(t)
	genCells := []Source{{Text: "import tensorflow as tf\nm = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"}}
	for i := range 12 {
		var gen strings.Builder
		f := fmt.Sprintf("%q", fmt.Sprintf("m%d.h5", i%3))
		fmt.Fprintf(&gen, "r%d = tf.keras.models.load_model(%s)\nm.save(%s)\nm.load_weights(%s)\nr%d = tf.keras.models.load_model(%s)\n", i, f, f, f, i, f)
		fmt.Fprintf(&gen, "cb = tf.keras.callbacks.ModelCheckpoint(%s)\nm.fit(x, y)\nm.fit(x, y, callbacks=[cb])\nm.save_weights(%s)\n", f, f)
		genCells = append(genCells, Source{Text: gen.String()})
	}
	var gen strings.Builder
	for _, c := range genCells {
		gen.WriteString(c.Text)
	}
	loadWeights := func(_ int, c *Cell, call *Node) *Node {
		if CalledMethod(c, call) != "load_weights" {
			return nil
		}
		return ArgsOf(c, call).Value(0, "filepath")
	}
	lookups := func(doc *Document) (out []string) {
		for pos, c := range doc.Cells {
			p := &Pass{Doc: doc, Cell: c, CellPos: pos}
			for _, call := range c.NodesOf("call") {
				path := ArgsOf(c, call).Value(0, "filepath")
				if path == nil || doc.Model().PathKey(pos, path) == "" {
					continue
				}
				w, ok := p.LastModelWrite(call, path)
				out = append(out, fmt.Sprintf("%d:%d last %v %d %v %v", pos, call.Start(), ok, w.Cell, w.Call, w.Value),
					fmt.Sprintf("%d:%d loads %v", pos, call.Start(), p.LaterModelLoads(call, path)),
					fmt.Sprintf("%d:%d weights %v", pos, call.Start(), p.LaterPathReads(call, path, "load_weights", loadWeights)))
			}
		}
		return out
	}
	for name, sources := range map[string][]Source{"cells": cells, "joined": {{Text: joined}}, "generated": {{Text: gen.String()}}, "generated cells": genCells} {
		doc, err := NewDocument(sources, len(sources) == 1)
		if err != nil {
			t.Fatal(err)
		}
		byKey := lookups(doc)
		listed, scanned := lookupsWithout(doc, lookups)
		for way, other := range map[string][]string{"listed": listed, "scanned": scanned} {
			if len(other) != len(byKey) {
				t.Errorf("%s: %d lookups by key, %d %s", name, len(byKey), len(other), way)
				continue
			}
			for i := range byKey {
				if byKey[i] != other[i] {
					t.Errorf("%s: by key %s, %s %s", name, byKey[i], way, other[i])
					break
				}
			}
		}
		found := 0
		for _, l := range byKey {
			if !strings.HasSuffix(l, "[]") && !strings.Contains(l, "last false") {
				found++
			}
		}
		if found < 20 {
			t.Errorf("%s: only %d of %d lookups found something", name, found, len(byKey))
		}
	}
}

// lookupsWithout runs lookups on doc without the search by key, then
// without the per-cell lists of writes either, and puts both back even if
// lookups panics.
func lookupsWithout(doc *Document, lookups func(*Document) []string) (listed, scanned []string) {
	defer func() { searchWritesByKey, indexModelWrites = true, true }()
	searchWritesByKey = false
	listed = lookups(doc)
	indexModelWrites = false
	return listed, lookups(doc)
}
