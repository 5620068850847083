package cellfix_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/rules"
)

// equivalenceOptions are the settings under which an engine mechanism and
// its plain counterpart must agree: what convert runs by default, with
// unsafe fixes, and for the multi-backend target.
var equivalenceOptions = []cellfix.Options{
	{Target: cellfix.TargetTF, Rules: rules.All},
	{Target: cellfix.TargetTF, Rules: rules.All, UnsafeFixes: true},
	{Target: cellfix.TargetMulti, Rules: rules.All, UnsafeFixes: true},
}

// sourcesMatching reads the files of each glob pattern into sources, keyed
// by path; a pattern that matches nothing fails the test.
func sourcesMatching(t *testing.T, sources map[string]string, patterns ...string) {
	t.Helper()
	for _, pattern := range patterns {
		files, err := filepath.Glob(pattern)
		if err != nil || len(files) == 0 {
			t.Fatalf("no sources for %s: %v", pattern, err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			sources[f] = string(data)
		}
	}
}

// sameEitherWay checks that outcome gives the same for every source and
// equivalenceOptions as the engine is and with a mechanism switched (from
// switchOver until the restore function it returns is called). asIs and
// switched name the two ways in failure messages.
func sameEitherWay(t *testing.T, sources map[string]string, asIs, switched string, switchOver func() (restore func()), outcome func(*testing.T, string, cellfix.Options) []string) {
	t.Helper()
	for name, src := range sources {
		for _, opts := range equivalenceOptions {
			plain := outcome(t, src, opts)
			restore := switchOver()
			other := outcome(t, src, opts)
			restore()
			if !reflect.DeepEqual(plain, other) {
				t.Errorf("%s (%s, unsafe %v): %s\n%v\n%s\n%v", name, opts.Target, opts.UnsafeFixes, asIs, plain, switched, other)
			}
		}
	}
}
