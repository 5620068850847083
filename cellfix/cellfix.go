// Package cellfix finds Keras 2 code that breaks on Keras 3 and fixes it.
//
// The shape follows golang.org/x/tools/go/analysis: a Rule is a small value
// with a name, documentation and a Run function; Run inspects one cell of a
// Document through a Pass and reports Diagnostics, each optionally carrying a
// Fix made of byte-range TextEdits. The engine (Check, FixDocument) runs the
// rules over every cell, applies fixes to a fixed point and maps positions
// back to cell, line and column.
//
// A notebook is a Document of cells. Each cell is parsed on its own (a syntax
// error stays in its cell), but offsets are document offsets, so a fix may
// touch another cell, e.g. to add an import where the old one stood.
//
// Rules share one semantic model of the document instead of each building
// its own: the Model (name bindings across cells) and typed Facts computed
// once per document and read with ResultOf (the Keras analysis: classes,
// instances and their KerasRole, symbolic tensors, paths; the
// TensorFlow-on-purpose scopes). Fixes are built from one set of edit
// helpers (edits.go), and where several rules touch one statement the
// engine composes their fixes into one change (compose.go).
package cellfix

import (
	"fmt"
	"strings"
)

// Target selects how far a migration goes.
type Target string

const (
	// TargetTF is Keras 3 on the TensorFlow backend: the guide's first part.
	TargetTF Target = "tf"
	// TargetMulti is backend-agnostic Keras 3 (JAX, TensorFlow, PyTorch).
	TargetMulti Target = "multi"
)

// ParseTarget validates a --target value.
func ParseTarget(s string) (Target, error) {
	switch Target(s) {
	case TargetTF, TargetMulti:
		return Target(s), nil
	}
	return "", fmt.Errorf("unknown target %q (want tf or multi)", s)
}

// Safety says whether a fix may be applied without review.
type Safety int

const (
	// Safe fixes keep the program's meaning and are applied by default.
	Safe Safety = iota
	// Unsafe fixes may change behaviour; they need --unsafe-fixes.
	Unsafe
)

func (s Safety) String() string {
	if s == Unsafe {
		return "unsafe"
	}
	return "safe"
}

// TextEdit replaces the document bytes [Start, End) with NewText.
type TextEdit struct {
	Start, End int
	NewText    string
}

// Import is a module-level import a fix relies on, such as "import keras"
// (Module "keras") or "from keras import layers" (Module "keras", Name
// "layers"). The engine adds it once, only where the name is not bound yet.
type Import struct {
	Module string
	Name   string
}

// Statement renders the import as Python source.
func (im Import) Statement() string {
	if im.Name == "" {
		return "import " + im.Module
	}
	return "from " + im.Module + " import " + im.Name
}

// Bound is the local name the import binds.
func (im Import) Bound() string {
	if im.Name != "" {
		return im.Name
	}
	return strings.SplitN(im.Module, ".", 2)[0]
}

// Definition is a module-level class or function a fix relies on, such as
// a local replacement for a class Keras 3 removed (package
// cellfix/polyfill). The engine inserts its Code once per document, at
// the point Document.DefinitionPoint gives for the earliest Before among
// the applied fixes that need it; Code may use the fix's Imports.
type Definition struct {
	// Name is the name Code defines.
	Name string
	// Code is the definition, without a trailing newline.
	Code string
	// Before is the document offset of the use that needs it.
	Before int
	// Needs are the module-level names Code reads when it runs (the
	// modules it uses): it goes after the statements that bind them.
	Needs []string
}

// Fix is one suggested change. Its edits must not overlap one another.
type Fix struct {
	// Title says what the fix does, e.g. "Use `keras.layers.Dense`".
	Title       string
	Safety      Safety
	Edits       []TextEdit
	Imports     []Import
	Definitions []Definition
	// Visible says what a running program can see change because of the
	// fix when Keras 3 leaves no way around it (a checkpoint file's name, a
	// layer's name), so that code reading the old value can be found; ""
	// for a fix that changes nothing the program can observe.
	Visible string
}

// Diagnostic is one finding of a rule in a document.
type Diagnostic struct {
	Rule    *Rule
	Message string
	// Start and End are document byte offsets of the flagged code.
	Start, End int
	Fix        *Fix
	// FixedIn, when set, is the Keras release that fixed this particular
	// problem (for a rule whose findings differ in that); the engine drops
	// the diagnostic when Options.KerasVersion is that release or later.
	FixedIn KerasVersion
}

// Rule is one check. Rules live in package cellfix/rules, one per file.
type Rule struct {
	// Name is the stable kebab-case identifier used by --select and --ignore.
	Name string
	// Code is a short stable code, e.g. "K301".
	Code string
	// Title is a one-line summary.
	Title string
	// Doc is the rule's documentation in Markdown, with the sections
	// "What it does", "Why is this bad", "Example", "Use instead" and
	// "Fix safety". Package rules loads it from rules/docs/NAME.md.
	Doc string
	// MultiOnly rules run only for TargetMulti; the others run for both.
	MultiOnly bool
	// Fixable says whether the rule can offer fixes.
	Fixable bool
	// FixedIn, when set, is the first Keras release that no longer has
	// the problem; the rule runs only for earlier --keras-version values.
	// Zero means every Keras 3 release has it.
	FixedIn KerasVersion
	// Run inspects pass.Cell and reports through pass.Report.
	Run func(pass *Pass)
}

// PlainTitle is the title without Markdown's code quotes, for terminals
// and reports that do not render Markdown.
func (r *Rule) PlainTitle() string { return strings.ReplaceAll(r.Title, "`", "") }

// Concerns reports whether the problem the rule finds is still there in
// Keras release v (zero: the latest).
func (r *Rule) Concerns(v KerasVersion) bool { return stillBroken(r.FixedIn, v) }

// AppliesTo reports whether the rule runs for target t.
func (r *Rule) AppliesTo(t Target) bool {
	return !r.MultiOnly || t == TargetMulti
}
