package nbformat

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nb4 wraps cells in an otherwise valid nbformat 4 notebook.
func nb4(cells string) string {
	return `{"metadata": {}, "nbformat": 4, "nbformat_minor": 5, "cells": ` + cells + `}`
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, input string
		want        string // the whole message after "bad.ipynb: "
	}{
		{"empty file", "", "empty file"},
		{"only blanks", " \n\t\r\n", "empty file"},
		{"not UTF-8", "{\"cells\": [\"caf\xe9\"]}", "not UTF-8 text: invalid byte 0xE9 at line 1, column 16"},
		{"trailing comma in list", "{\n \"nbformat\": 4,\n \"cells\": [\n  {\"cell_type\": \"code\", \"source\": []},\n ]\n}",
			"invalid JSON at line 4, column 38: trailing comma before ']'"},
		{"trailing comma in object", "{\"nbformat\": 4, \"cells\": [],\n}",
			"invalid JSON at line 1, column 28: trailing comma before '}'"},
		{"missing comma", `{"nbformat": 4 "cells": []}`,
			`invalid JSON at line 1, column 16: unexpected character '"', expected ',' or '}' after object member`},
		{"truncated", "{\"nbformat\": 4,\n \"cells\": [\n  {\"cell_type\": \"code\"",
			"invalid JSON at line 3, column 23: unexpected end of file: '{' opened at line 3, column 3 is never closed"},
		{"unclosed string", "{\"nbformat\": 4, \"cells\": [\"abc\n]}",
			"invalid JSON at line 1, column 27: string is not closed on its line (a raw line break must be written \\n)"},
		{"bad escape", `{"nbformat": 4, "cells": ["\x"]}`, `invalid JSON at line 1, column 28: invalid escape "\\x" in string`},
		{"bad unicode escape", `{"nbformat": 4, "cells": ["\u12G4"]}`, `invalid JSON at line 1, column 28: invalid \u escape "\\u12G4" (want 4 hex digits)`},
		{"raw tab in string", "{\"nbformat\": 4, \"cells\": [\"a\tb\"]}", "invalid JSON at line 1, column 29: raw control character U+0009 in string (must be escaped)"},
		{"single quotes", `{'nbformat': 4}`, `invalid JSON at line 1, column 2: unexpected character '\'', expected a string in double quotes as object key`},
		{"Python literal", `{"nbformat": 4, "cells": [], "metadata": {"trusted": True}}`,
			`invalid JSON at line 1, column 54: unknown word "True" (JSON has true, false and null)`},
		{"leading zero", `{"nbformat": 04, "cells": []}`, "invalid JSON at line 1, column 14: invalid number: leading zeros are not allowed"},
		{"bad fraction", `{"nbformat": 4., "cells": []}`, `invalid JSON at line 1, column 14: invalid number "4.": a digit must follow '.'`},
		{"two values", `{"nbformat": 4, "cells": []} {}`, "invalid JSON at line 1, column 30: unexpected data after the end of the notebook's top-level value"},
		{"too deep", nb4(`[]`)[:1] + `"metadata": {"x": ` + strings.Repeat("[", 2000) + strings.Repeat("]", 2000) + `}, ` + nb4(`[]`)[1:],
			"invalid JSON at line 1, column 1018: nested more than 1000 levels deep"},
		{"top-level list", `[{"nbformat": 4}]`, "not a notebook: the file holds a list, want a JSON object"},
		{"no version", `{"cells": []}`, `not a notebook: no "nbformat" version number`},
		{"version as string", `{"nbformat": "4", "cells": []}`, `"nbformat" is a string at line 1, want a whole number such as 4`},
		{"version as float", `{"nbformat": 4.0, "cells": []}`, `"nbformat" is 4.0 at line 1, want a whole number such as 4`},
		{"nbformat 3", `{"metadata": {"name": ""}, "nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": [], "metadata": {}}]}`,
			"nbformat 3 notebook; only nbformat 4 is supported (opening and saving it in Jupyter upgrades it)"},
		{"nbformat 2", `{"nbformat": 2, "worksheets": []}`, "nbformat 2 notebook; only nbformat 4 is supported (opening and saving it in Jupyter upgrades it)"},
		{"nbformat 5", `{"nbformat": 5, "cells": []}`, "nbformat 5 notebook; only nbformat 4 is supported"},
		{"no cells", `{"metadata": {}, "nbformat": 4, "nbformat_minor": 5}`, `not a notebook: no "cells" list`},
		{"cells not a list", "{\"nbformat\": 4,\n\"cells\": {}}", `"cells" is an object at line 2, want a list`},
		{"cell not an object", nb4(`["print(1)"]`), "cell 1 (line 1): the cell is a string, want an object"},
		{"source is a number", nb4("[\n{\"cell_type\": \"code\", \"source\": \"\"},\n{\"cell_type\": \"code\", \"source\": 42}]"),
			`cell 2 (line 3): "source" is a number, want a string or a list of strings`},
		{"source is null", nb4(`[{"cell_type": "code", "source": null}]`), `cell 1 (line 1): "source" is null, want a string or a list of strings`},
		{"source is an object", nb4(`[{"cell_type": "code", "source": {"a": 1}}]`), `cell 1 (line 1): "source" is an object, want a string or a list of strings`},
		{"source list holds a list", nb4(`[{"cell_type": "code", "source": ["a\n", ["b"]]}]`), `cell 1 (line 1): "source" item 1 is a list, want a string`},
		{"no source", nb4(`[{"cell_type": "code", "metadata": {}}]`), `cell 1 (line 1): the cell has no "source"`},
		{"no cell_type", nb4(`[{"source": "x"}]`), `cell 1 (line 1): the cell has no "cell_type"`},
		{"cell_type not a string", nb4(`[{"cell_type": 1, "source": "x"}]`), `cell 1 (line 1): "cell_type" is a number, want a string`},
		// A string the scanner rejects where Parse reads its value (a cell's
		// type, the notebook's language) once panicked instead.
		{"truncated cell_type", `{"cells": [{"cell_type": "co`, "invalid JSON at line 1, column 26: string is never closed"},
		{"line break in language_info.name", "{\"cells\": [], \"metadata\": {\"language_info\": {\"name\": \"pyt\nhon\"}}, \"nbformat\": 4}",
			"invalid JSON at line 1, column 54: string is not closed on its line (a raw line break must be written \\n)"},
		{"truncated kernelspec.language", "{\"nbformat\": 4, \"cells\": [], \"metadata\": {\"kernelspec\": {\"language\": \"py\\",
			"invalid JSON at line 1, column 73: string is never closed"},
		{"bad escape in cell_type", `{"nbformat": 4, "cells": [{"cell_type": "\u12"`, `invalid JSON at line 1, column 42: incomplete \u escape`},
		// A syntax error anywhere wins over a problem in the cells: it is
		// the more basic one, and it is where the user must look first.
		{"syntax error after bad cell", nb4(`[{"cell_type": "code", "source": 1}]`) + ",", "invalid JSON at line 1, column 100: unexpected data after the end of the notebook's top-level value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nb, err := Parse("bad.ipynb", []byte(tc.input))
			if err == nil {
				t.Fatalf("no error; notebook has %d cells", len(nb.Cells()))
			}
			checkInputError(t, err, "bad.ipynb", tc.want)
		})
	}
}

func checkInputError(t *testing.T, err error, path, want string) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an *InputError", err, err)
	}
	if got := err.Error(); got != path+": "+want {
		t.Errorf("error text\n got %q\nwant %q", got, path+": "+want)
	}
	if strings.ContainsAny(err.Error(), "\r\n") {
		t.Errorf("error is not one line: %q", err)
	}
	if ie.Path != path {
		t.Errorf("Path = %q, want %q", ie.Path, path)
	}
}

func TestParseErrorPosition(t *testing.T) {
	_, err := Parse("x.ipynb", []byte("{\n  \"nbformat\": 4,\n  \"cells\": [é,]\n}"))
	var ie *InputError
	if !errors.As(err, &ie) || ie.Line != 3 || ie.Column != 13 {
		t.Fatalf("got %v, want an *InputError at line 3, column 13 (columns count characters)", err)
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "plain.ipynb")
	if err := os.WriteFile(file, []byte(nb4(`[]`)), 0o644); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.ipynb")
	if err := os.Symlink(filepath.Join(dir, "gone.ipynb"), dangling); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.ipynb")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "folder.ipynb")
	if err := os.Mkdir(folder, 0o755); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		path, want string
		is         error
	}{
		{filepath.Join(dir, "missing.ipynb"), "cannot read: no such file or directory", fs.ErrNotExist},
		{dangling, "cannot read: no such file or directory", fs.ErrNotExist},
		{filepath.Join(file, "inside.ipynb"), "cannot read: not a directory", nil},
		{folder, "is a directory, not a notebook file", nil},
		{empty, "empty file", nil},
	} {
		_, err := ReadFile(tc.path)
		if err == nil {
			t.Errorf("ReadFile(%s): no error", tc.path)
			continue
		}
		checkInputError(t, err, tc.path, tc.want)
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("ReadFile(%s): errors.Is(err, %v) = false", tc.path, tc.is)
		}
	}

	nb, err := ReadFile(file)
	if err != nil || len(nb.Cells()) != 0 {
		t.Errorf("ReadFile(valid) = %v, %v", nb, err)
	}
}

// TestUnreadableFile reads a path that cannot be opened. A file without
// read permission is the usual case, but root (as in CI) reads it anyway,
// so a path through a regular file stands in there: no one can open that.
func TestUnreadableFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "locked.ipynb")
	if err := os.WriteFile(path, []byte(nb4(`[]`)), 0o000); err != nil {
		t.Fatal(err)
	}
	want := "cannot read: permission denied"
	if os.Geteuid() == 0 {
		path = filepath.Join(path, "inside.ipynb")
		want = "cannot read: not a directory"
	}
	_, err := ReadFile(path)
	checkInputError(t, err, path, want)
}

func TestAcceptedOddities(t *testing.T) {
	for _, tc := range []struct{ name, input string }{
		{"byte order mark", "\xef\xbb\xbf" + nb4(`[]`)},
		{"NaN and infinities", `{"metadata": {"a": NaN, "b": Infinity, "c": -Infinity}, "nbformat": 4, "cells": []}`},
		{"numbers", `{"metadata": {"n": [0, -0, 1.5, -2e10, 3E+2, 4e-3, 123456789012345678901234567890]}, "nbformat": 4, "cells": []}`},
		{"unknown keys", `{"zzz": {"deep": [1, {"x": null}]}, "nbformat": 4, "nbformat_minor": 9, "cells": [{"cell_type": "heading", "level": 1, "source": "t"}]}`},
		{"duplicate keys, the last wins", `{"nbformat": 3, "nbformat": 4, "cells": 1, "cells": [{"cell_type": "code", "source": 1, "source": "x"}]}`},
		{"escaped keys", `{"nb\u0066ormat": 4, "c\u0065lls": [{"cell_\u0074ype": "code", "\u0073ource": "ok"}]}`},
		{"lone surrogate", nb4(`[{"cell_type": "code", "source": "\ud800 \udc00"}]`)},
		{"whitespace everywhere", " \r\n\t{ \"nbformat\" :\t4 ,\r\n\"cells\" : [ ] } \n\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nb, err := Parse("ok.ipynb", []byte(tc.input))
			if err != nil {
				t.Fatal(err)
			}
			if string(nb.Bytes()) != tc.input {
				t.Error("Bytes() differs from the input")
			}
		})
	}
	nb, err := Parse("dup.ipynb", []byte(`{"nbformat": 4, "cells": [{"cell_type": "code", "source": "a", "source": ["b\n", "c"]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := nb.Cells()[0].Source; got != "b\nc" {
		t.Errorf("duplicate source: got %q, want the last one", got)
	}
	nb, err = Parse("sur.ipynb", []byte(nb4(`[{"cell_type": "code", "source": "\ud83d\ude80 \ud800 \udc00x"}]`)))
	if err != nil {
		t.Fatal(err)
	}
	if got := nb.Cells()[0].Source; got != "🚀 \ufffd \ufffdx" {
		t.Errorf("surrogates: got %q", got)
	}
}
