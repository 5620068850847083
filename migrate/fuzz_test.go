package migrate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
)

// FuzzConvert feeds mutated notebooks to check and convert. Neither may
// panic; each either fails with one line naming the file or gives output;
// and convert's output, read back by encoding/json, differs from the input
// only in the sources of the cells it changed, which read as the new text.
// CI runs it briefly (scripts/test); for a longer run:
//
//	go test ./migrate -run '^$' -fuzz FuzzConvert -fuzztime 10m -fuzzminimizetime 5s
//
// (Minimizing each new input for the default 60 s would take most of a
// short run, with the exec count standing still meanwhile.)
func FuzzConvert(f *testing.F) {
	var seeds []string
	for _, pattern := range []string{"../examples/notebooks/*.ipynb", "testdata/styles/*/*.ipynb", "../nbformat/testdata/*.ipynb"} {
		found, err := filepath.Glob(pattern)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, found...)
	}
	for _, path := range seeds {
		if strings.HasSuffix(path, "realistic.ipynb") { // too big to mutate usefully
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, false, false)
	}
	for _, text := range malformedNotebooks {
		f.Add([]byte(text), false, false)
	}
	f.Add([]byte(keras2Notebook), true, true)

	f.Fuzz(func(t *testing.T, data []byte, unsafe, multi bool) {
		opts := defaultOptions()
		opts.UnsafeFixes = unsafe
		if multi {
			opts.Target = cellfix.TargetMulti
		}
		const name = "fuzz.ipynb"

		// In memory, where a panic is not recovered and fails the fuzzer.
		file, err := ParseFile(name, data)
		if err != nil {
			checkOneLine(t, err, name)
			return
		}
		if _, err := CheckFile(file, opts); err != nil {
			checkOneLine(t, err, name)
		}
		if file, err = ParseFile(name, data); err != nil {
			t.Fatalf("second parse failed: %v", err)
		}
		out, err := FixFile(file, opts)
		if err != nil {
			checkOneLine(t, err, name)
			return
		}
		converted := file.Bytes()
		if err := sameOutsideSources(data, converted, out.Changes); err != nil {
			t.Fatal(err)
		}

		// Through the command's path, which writes the file.
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runFor(t, Config{Mode: Convert, Options: opts}, "", path)
		wantStderr := ""
		if file.Skipped != "" {
			wantStderr = path + ": skipped: " + file.Skipped + "\n"
		}
		if code == StatusError || stderr != wantStderr {
			t.Fatalf("convert failed (exit %d) on a notebook FixFile converts: %s", code, stderr)
		}
		if written, _ := os.ReadFile(path); !bytes.Equal(written, converted) {
			t.Fatal("convert wrote other bytes than FixFile produced")
		}
	})
}

// checkOneLine fails t unless err is one line that starts with the file name.
func checkOneLine(t *testing.T, err error, name string) {
	t.Helper()
	if msg := err.Error(); !strings.HasPrefix(msg, name+": ") || strings.ContainsAny(msg, "\r\n") {
		t.Fatalf("error is not one line naming the file: %q", msg)
	}
}

// sameOutsideSources checks, with encoding/json as an independent reader,
// that after differs from before only in the sources of the changed cells,
// and that those read as their new text. A before that encoding/json cannot
// read (NaN, which Python's json writes, is not standard JSON) is only
// checked for being read the same way.
func sameOutsideSources(before, after []byte, changes []cellChange) error {
	was, errWas := decodeJSON(before)
	now, errNow := decodeJSON(after)
	if (errWas == nil) != (errNow == nil) {
		return fmt.Errorf("encoding/json reads the input with error %v but the output with %v", errWas, errNow)
	}
	if errWas != nil {
		return nil
	}
	wasCells, err := cellsOf(was)
	if err != nil {
		return err
	}
	nowCells, err := cellsOf(now)
	if err != nil {
		return err
	}
	if len(wasCells) != len(nowCells) {
		return fmt.Errorf("%d cells became %d", len(wasCells), len(nowCells))
	}
	for _, c := range changes {
		if got := joinSource(nowCells[c.Index]["source"]); got != c.New {
			return fmt.Errorf("cell %d source reads %q, want %q", c.Index, got, c.New)
		}
		nowCells[c.Index]["source"] = wasCells[c.Index]["source"]
	}
	if !reflect.DeepEqual(was, now) {
		return errors.New("convert changed more than the fixed cells' sources")
	}
	return nil
}

func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// cellsOf returns the cells of a decoded notebook.
func cellsOf(nb any) ([]map[string]any, error) {
	top, _ := nb.(map[string]any)
	list, ok := top["cells"].([]any)
	if !ok {
		return nil, errors.New(`encoding/json finds no "cells" list`)
	}
	cells := make([]map[string]any, len(list))
	for i, c := range list {
		if cells[i], ok = c.(map[string]any); !ok {
			return nil, fmt.Errorf("encoding/json reads cell %d as %T", i, c)
		}
	}
	return cells, nil
}
