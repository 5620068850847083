// Package kerasapi knows which names Keras 3 really exports.
//
// Swapping tf.keras for keras is not a safe rename: the native keras
// namespace is smaller than tf.keras (no ImageDataGenerator, Tokenizer,
// losses.Reduction, most keras.backend functions ...), so a blind swap turns
// working code into an AttributeError. Migration rules ask this package before
// they write a keras. name, and use it to flag names that do not exist.
//
// The data is api.txt, generated from the real keras package at the version
// pinned in requirements.in by scripts/gen-kerasapi.py and embedded here.
package kerasapi

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Kind says what a public name is.
type Kind string

// The kinds that appear in the table.
const (
	Module   Kind = "module"
	Class    Kind = "class"
	Function Kind = "function"
	Other    Kind = "other" // constants and other values
)

//go:embed api.txt
var tableText string

// tfKerasText is the same listing for the tf.keras compatibility tree
// (keras._tf_keras.keras, what TensorFlow 2.16+ serves as tf.keras),
// spelled keras.X: scripts/gen-kerasapi.py --tf-keras writes it.
//
//go:embed tf_keras_api.txt
var tfKerasText string

type table struct {
	version string
	kinds   map[string]Kind     // qualified name -> kind
	names   map[string][]string // module -> sorted exported names
}

// api parses the embedded Keras 3 table on first use. A malformed table is
// a build defect (the tests parse it), so it panics rather than returning
// an error from every lookup.
var api = sync.OnceValue(func() *table { return mustParse("api.txt", tableText) })

// tfKeras is the tf.keras compatibility table.
var tfKeras = sync.OnceValue(func() *table { return mustParse("tf_keras_api.txt", tfKerasText) })

func mustParse(name, text string) *table {
	t, err := parse(text)
	if err != nil {
		panic(fmt.Sprintf("kerasapi: embedded %s: %v", name, err))
	}
	return t
}

func parse(text string) (*table, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	version, ok := strings.CutPrefix(lines[0], "# keras ")
	if !ok || version == "" {
		return nil, fmt.Errorf("line 1: want header %q, got %q", "# keras VERSION", lines[0])
	}
	t := &table{
		version: version,
		kinds:   make(map[string]Kind, len(lines)),
		names:   make(map[string][]string),
	}
	for i, line := range lines[1:] {
		kind, name, ok := strings.Cut(line, " ")
		switch k := Kind(kind); {
		case !ok || name == "" || strings.Contains(name, " "):
			return nil, fmt.Errorf("line %d: want \"KIND NAME\", got %q", i+2, line)
		case k != Module && k != Class && k != Function && k != Other:
			return nil, fmt.Errorf("line %d: unknown kind %q", i+2, kind)
		case name != "keras" && !strings.HasPrefix(name, "keras."):
			return nil, fmt.Errorf("line %d: %q is not under keras", i+2, name)
		}
		if _, dup := t.kinds[name]; dup {
			return nil, fmt.Errorf("line %d: duplicate name %q", i+2, name)
		}
		t.kinds[name] = Kind(kind)
		if kind == string(Module) {
			if _, seen := t.names[name]; !seen {
				t.names[name] = nil
			}
		}
		if parent, short, dotted := cutLast(name); dotted {
			t.names[parent] = append(t.names[parent], short)
		}
	}
	for module, names := range t.names {
		if t.kinds[module] != Module {
			return nil, fmt.Errorf("%s exports names but has no module line", module)
		}
		slices.Sort(names)
	}
	return t, nil
}

func cutLast(name string) (parent, short string, ok bool) {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return "", name, false
	}
	return name[:i], name[i+1:], true
}

// Version is the keras release the table was generated from, e.g. "3.15.1".
func Version() string { return api().version }

// Lookup returns the kind of an exact public name such as "keras.layers.Dense".
func Lookup(qualified string) (Kind, bool) {
	k, ok := api().kinds[qualified]
	return k, ok
}

// Check validates an attribute chain as code would evaluate it: it finds the
// longest prefix of chain that is a public module and the first name after
// it, and returns that name and whether Keras 3 has it. Attributes of classes
// and functions are not in the table, so they are not checked:
//
//	"keras.layers.Dense.from_config"               -> ("keras.layers.Dense", true)
//	"keras.preprocessing.image.ImageDataGenerator" -> (same, false)
//	"keras.preprocessing.text.Tokenizer"           -> ("keras.preprocessing.text", false)
//	"keras.layers"                                 -> ("keras.layers", true)
//
// A chain that does not start with the keras module gives ("", false).
func Check(chain string) (known string, ok bool) { return api().check(chain) }

// InTFKeras reports whether tf.keras's compatibility API (TensorFlow 2.16+
// with Keras 3) has the chain, given in Keras spelling ("keras.X" for
// tf.keras.X), in the sense of Check.
func InTFKeras(chain string) bool {
	_, ok := tfKeras().check(chain)
	return ok
}

func (t *table) check(chain string) (known string, ok bool) {
	end := -1 // byte length of the longest module prefix
	for i := 0; i <= len(chain); i++ {
		if i < len(chain) && chain[i] != '.' {
			continue
		}
		if t.kinds[chain[:i]] != Module {
			break
		}
		end = i
	}
	switch {
	case end < 0:
		return "", false
	case end == len(chain):
		return chain, true
	}
	name := chain
	if next := strings.IndexByte(chain[end+1:], '.'); next >= 0 {
		name = chain[:end+1+next]
	}
	_, ok = t.kinds[name]
	return name, ok
}

// Names returns the sorted names a public module exports (submodules
// included), or nil when module is not a public module.
func Names(module string) []string {
	return slices.Clone(api().names[module])
}
