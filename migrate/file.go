package migrate

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/nbformat"
)

// File is a notebook or a Python script read for migration.
type File struct {
	// Path names the file in reports; "-" for stdin.
	Path string
	// nb is the notebook, or nil for a script.
	nb *nbformat.Notebook
	// script is a script's text as the engine sees it: without a byte order
	// mark and with "\n" line endings (see bom and crlf).
	script string
	bom    bool
	crlf   bool
	// Skipped says why the file is not analysed (a notebook in another
	// language), or is "".
	Skipped string
	// cells holds what reports and suppression need of each notebook cell
	// beyond its source, by index.
	cells []cellMeta
	// ignored are the selectors the configuration's per-file-ignores
	// ignores in this file.
	ignored []string
}

// cellMeta is what the migrator reads of a cell besides its source: its
// nbformat 4.5 id, its execution count and its tags.
type cellMeta struct {
	ID             *string `json:"id"`
	ExecutionCount *int    `json:"execution_count"`
	Metadata       struct {
		Tags []string `json:"tags"`
	} `json:"metadata"`
}

// readCellMeta decodes the cells' ids, counts and tags from the values
// nbformat located, leaving the outputs alone. nbformat has already
// validated the notebook's structure; a value of another shape (an id that
// is not a string, tags that are not strings) is simply missing.
func readCellMeta(nb *nbformat.Notebook) []cellMeta {
	cells := nb.Cells()
	out := make([]cellMeta, len(cells))
	for i, c := range cells {
		if c.ID != nil {
			json.Unmarshal(c.ID, &out[i].ID)
		}
		if c.ExecutionCount != nil {
			json.Unmarshal(c.ExecutionCount, &out[i].ExecutionCount)
		}
		if c.Metadata != nil {
			json.Unmarshal(c.Metadata, &out[i].Metadata) // a partial decode keeps what it read
		}
	}
	return out
}

// cell returns the metadata of cell index, or zero values.
func (f *File) cell(index int) cellMeta {
	if index >= 0 && index < len(f.cells) {
		return f.cells[index]
	}
	return cellMeta{}
}

// ParseFile reads data as a notebook when path ends in .ipynb and as a
// Python script otherwise. Errors name the file in one line.
func ParseFile(path string, data []byte) (*File, error) {
	if filepath.Ext(path) == notebookExt {
		nb, err := nbformat.Parse(path, data)
		if err != nil {
			return nil, err // an *nbformat.InputError, which names the file
		}
		f := &File{Path: path, nb: nb, cells: readCellMeta(nb)}
		if lang := nb.Language(); !isPython(lang) {
			f.Skipped = fmt.Sprintf("notebook language is %q, not Python", lang)
		}
		return f, nil
	}
	if !utf8.Valid(data) {
		line, col := invalidUTF8At(data)
		return nil, fmt.Errorf("%s: not UTF-8 text: invalid byte at line %d, column %d", path, line, col)
	}
	f := &File{Path: path}
	text := string(data)
	if strings.HasPrefix(text, "\ufeff") {
		f.bom, text = true, text[len("\ufeff"):]
	}
	// A Windows script keeps its line endings; the engine and its fixes work
	// with "\n" alone.
	if n := strings.Count(text, "\r\n"); n > 0 && n == strings.Count(text, "\n") {
		f.crlf, text = true, strings.ReplaceAll(text, "\r\n", "\n")
	}
	f.script = text
	return f, nil
}

// isPython reports whether a notebook language is one the rules understand;
// notebooks that record none are taken to be Python.
func isPython(lang string) bool {
	switch strings.ToLower(lang) {
	case "", "python", "python3", "ipython", "ipython3":
		return true
	}
	return false
}

func invalidUTF8At(data []byte) (line, col int) {
	line, col = 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size == 1 {
			return line, col
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		data = data[size:]
	}
	return line, col
}

// IsNotebook reports whether f is a notebook.
func (f *File) IsNotebook() bool { return f.nb != nil }

// sources returns what the engine analyses: a notebook's code cells, each
// with its index in the notebook, or the script as one cell.
func (f *File) sources() []cellfix.Source {
	if f.nb == nil {
		return []cellfix.Source{{Index: 0, Text: f.script}}
	}
	var out []cellfix.Source
	for _, c := range f.nb.Cells() {
		if c.Type == "code" {
			out = append(out, cellfix.Source{Index: c.Index, Text: c.Source})
		}
	}
	return out
}

// Bytes returns the file's current bytes.
func (f *File) Bytes() []byte {
	if f.nb != nil {
		return f.nb.Bytes()
	}
	text := f.script
	if f.crlf {
		text = strings.ReplaceAll(text, "\n", "\r\n")
	}
	if f.bom {
		text = "\ufeff" + text
	}
	return []byte(text)
}

// cellChange is one changed cell (or the whole script, Index -1).
type cellChange struct {
	Index    int
	Old, New string
}

// apply stores the fixed sources, touching only cells whose text changed,
// and returns those changes in order.
func (f *File) apply(fixed []cellfix.Source) ([]cellChange, error) {
	if f.nb == nil {
		if len(fixed) != 1 || fixed[0].Text == f.script {
			return nil, nil
		}
		change := cellChange{Index: -1, Old: f.script, New: fixed[0].Text}
		f.script = fixed[0].Text
		return []cellChange{change}, nil
	}
	current := map[int]string{}
	for _, c := range f.nb.Cells() {
		current[c.Index] = c.Source
	}
	var changes []cellChange
	for _, s := range fixed {
		old, ok := current[s.Index]
		if !ok {
			return nil, fmt.Errorf("%s: the engine returned unknown cell %d", f.Path, s.Index)
		}
		if s.Text == old {
			continue
		}
		if err := f.nb.SetSource(s.Index, s.Text); err != nil {
			return nil, err
		}
		changes = append(changes, cellChange{Index: s.Index, Old: old, New: s.Text})
	}
	return changes, nil
}
