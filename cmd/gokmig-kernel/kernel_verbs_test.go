package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The kernel-side verbs' help texts are golden files too.
func TestKernelVerbsHelp(t *testing.T) {
	for _, verb := range []string{"kernel", "install", "uninstall", "kernelspecs"} {
		t.Run(verb, func(t *testing.T) {
			code, stdout, stderr := runCLI(verb, "--help")
			if code != 0 || stderr != "" {
				t.Fatalf("%s --help: exit %d, stderr %q", verb, code, stderr)
			}
			checkGolden(t, filepath.Join("testdata", "help", verb+".txt"), stdout)
			if _, short, _ := runCLI(verb, "-h"); short != stdout {
				t.Errorf("%s -h differs from --help", verb)
			}
		})
	}
}

// The ipykernel-style flags VS Code passes are accepted but not advertised.
func TestKernelHelpHidesIPykernelFlags(t *testing.T) {
	_, stdout, _ := runCLI("kernel", "--help")
	for _, hidden := range []string{"--Session.key", "--shell", "--hb", "--f "} {
		if strings.Contains(stdout, hidden) {
			t.Errorf("kernel --help shows %s", hidden)
		}
	}
}

func TestKernelVerbUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"kernel"}, "-f CONNECTION_FILE is required"},
		{[]string{"kernel", "-f", "x.json", "--mode", "loud"}, `unknown mode "loud"`},
		{[]string{"kernel", "-f", "x.json", "--target", "jax"}, `unknown target "jax"`},
		{[]string{"kernel", "-f", "x.json", "--python", "p", "--upstream-kernel", "k"}, "cannot be combined"},
		{[]string{"kernel", "-f", "x.json", "extra"}, `unexpected argument "extra"`},
		{[]string{"uninstall", "extra"}, `unexpected argument "extra"`},
		{[]string{"kernelspecs", "--json"}, "unknown flag: --json"},
	} {
		code, _, stderr := runCLI(tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
}

func TestUnquoteTraitletsValues(t *testing.T) {
	for in, want := range map[string]string{`"hmac-sha256"`: "hmac-sha256", `tcp`: "tcp", `'x'`: "x"} {
		if got := unquote(in); got != want {
			t.Errorf("unquote(%s) = %q, want %q", in, got, want)
		}
	}
}
