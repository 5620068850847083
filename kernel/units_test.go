package kernel

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/install"
	"github.com/gokmig/gokmig/kernel/wire"
)

func TestReadConnectionFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(`{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
		"ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "x"}`), 0o600)
	info, err := ReadConnectionFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if info.Endpoint(info.ShellPort) != "tcp://127.0.0.1:1" || info.Key != "k" {
		t.Errorf("read %+v", info)
	}
	ipc := ConnectionInfo{IP: "/tmp/kernel-ipc", Transport: "ipc"}
	if got := ipc.Endpoint(7); got != "ipc:///tmp/kernel-ipc-7" {
		t.Errorf("ipc endpoint %s", got)
	}

	for name, body := range map[string]string{
		"bad-json.json":  `{"shell_port": `,
		"transport.json": `{"transport": "udp"}`,
		"port.json":      `{"shell_port": 70000}`,
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(body), 0o600)
		_, err := ReadConnectionFile(path)
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v should name the file", name, err)
		}
	}
	if _, err := ReadConnectionFile(filepath.Join(dir, "absent.json")); err == nil {
		t.Error("missing file accepted")
	}
}

func TestMagics(t *testing.T) {
	it := interceptor{mode: ModeWarn, target: cellfix.TargetTF}
	run, msgs, problems, _ := it.applyMagics("%gokmig fix\nx = 1\n  %gokmig off\n%gokmig target multi\n%gokmig  loud ")
	if it.mode != ModeFix || it.target != cellfix.TargetMulti {
		t.Errorf("mode %s target %s", it.mode, it.target)
	}
	want := "# %gokmig fix\nx = 1\n  %gokmig off\n# %gokmig target multi\n# %gokmig  loud "
	if run != want {
		t.Errorf("run = %q, want %q (indented lines are not magics)", run, want)
	}
	if len(msgs) != 2 || len(problems) != 1 || !strings.Contains(problems[0], "loud") {
		t.Errorf("messages %q problems %q", msgs, problems)
	}
	// A cell magic owns its cell; other text mentioning %gokmig is code.
	for _, code := range []string{"%%bash\n%gokmig fix\n", "s = '%gokmig fix'\n", "%gokmigx\n"} {
		it := interceptor{mode: ModeWarn}
		if run, _, _, _ := it.applyMagics(code); run != code || it.mode != ModeWarn {
			t.Errorf("%q was treated as a magic", code)
		}
	}
	it = interceptor{mode: ModeOff, target: cellfix.TargetTF}
	_, msgs, _, _ = it.applyMagics("%gokmig")
	if len(msgs) != 1 || !strings.Contains(msgs[0], "mode is off") {
		t.Errorf("status: %q", msgs)
	}
}

func TestNoticeEscapesAndRendersBothForms(t *testing.T) {
	n := &notice{
		Mode: ModeWarn, Target: cellfix.TargetTF,
		Findings: []cellfix.Finding{{
			Line: 2, Column: 1, Rule: "tf-keras-import", Code: "K301",
			Message: "`tf.keras` <script>alert(1)</script> & co",
			Fix: &cellfix.FixSummary{Safety: "safe", Title: "Use `keras`", Text: "x = keras.layers.Dense(3)\n",
				Visible: "the layer is named <b>"},
		}},
	}
	html := n.html()
	if !strings.Contains(html, "visible change</b>: the layer is named &lt;b&gt;") {
		t.Errorf("html lacks the fix's visible change, escaped: %s", html)
	}
	if strings.Contains(html, "<script") || strings.Contains(html, "<style") {
		t.Errorf("html carries markup from the message: %s", html)
	}
	if !strings.Contains(html, "&lt;script&gt;") || !strings.Contains(html, "&amp; co") {
		t.Errorf("html not escaped: %s", html)
	}
	if !strings.Contains(html, ">tf.keras</code>") || !strings.Contains(html, ">keras</code>") {
		t.Errorf("backquoted code not set in a code font: %s", html)
	}
	if got := richText("a `b` c `d"); got != "a `b` c `d" {
		t.Errorf("unbalanced backquotes: %s", got)
	}
	if !strings.Contains(html, "x = keras.layers.Dense(3)") || !strings.Contains(html, "line 2") {
		t.Errorf("html lacks the fix or the line: %s", html)
	}
	text := n.text()
	for _, want := range []string{"line 2:", "K301 tf-keras-import", "safe fix: Use `keras`", "| x = keras.layers.Dense(3)", "visible change: the layer is named <b>", "gokmig-kernel rules NAME (here: tf-keras-import)"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "http") || strings.Contains(html, "href") {
		t.Errorf("the notice links somewhere; its documentation must read offline:\n%s\n%s", text, html)
	}
	content := n.displayContent()
	meta := content["metadata"].(map[string]any)["gokmig"].(map[string]any)
	if meta["mode"] != ModeWarn || len(meta["findings"].([]metadataFinding)) != 1 {
		t.Errorf("metadata %v", meta)
	}
	if !(&notice{}).empty() || n.empty() {
		t.Error("empty() is wrong")
	}
}

// The HTML notice is one summary line over collapsed findings; each rule's
// documentation opens once, from the rule's own doc file; the icon and
// colour follow the state; code scrolls rather than wrapping.
func TestNoticeLayout(t *testing.T) {
	finding := func(line int, rule, code, safety string, fixed bool) cellfix.Finding {
		f := cellfix.Finding{Line: line, Rule: rule, Code: code, Message: "m", Fixed: fixed}
		if safety != "" {
			f.Fix = &cellfix.FixSummary{Safety: safety, Title: "t", Text: "a_very_long_identifier_that_must_not_wrap = 1"}
		}
		return f
	}
	open := &notice{Mode: ModeWarn, Target: cellfix.TargetTF, Findings: []cellfix.Finding{
		finding(1, "tf-keras-import", "K301", "safe", false),
		finding(2, "tf-keras-import", "K301", "unsafe", false),
		finding(3, "tf-keras-import", "K301", "", false),
	}}
	html := open.html()
	if got := strings.Count(html, "<summary"); got != 1+3+1 {
		t.Errorf("%d summaries, want the notice's, one per finding and one per rule:\n%s", got, html)
	}
	if strings.Count(html, "<details") != strings.Count(html, "</details>") || !strings.HasPrefix(html, "<details open") {
		t.Errorf("the notice is not one open <details> with balanced children:\n%s", html)
	}
	if strings.Count(html, "<details open") != 1 {
		t.Errorf("findings and docs must start collapsed:\n%s", html)
	}
	doc, err := os.ReadFile("../cellfix/rules/docs/tf-keras-import.md")
	if err != nil {
		t.Fatal(err)
	}
	heading := ""
	for _, line := range strings.Split(string(doc), "\n") {
		if strings.HasPrefix(line, "## ") {
			heading = strings.TrimPrefix(line, "## ")
			if c := strings.Count(html, ">"+heading+"</div>"); c != 1 {
				t.Errorf("doc heading %q shown %d times, want once", heading, c)
			}
		}
	}
	if heading == "" {
		t.Fatal("the rule doc has no sections")
	}
	for _, want := range []string{"Safe fix: it keeps", "Unsafe fix: it may change behaviour", "No automatic fix", "gokmig-kernel rules tf-keras-import", "white-space:pre;overflow-x:auto", iconWarn} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q:\n%s", want, html)
		}
	}
	fixed := &notice{Mode: ModeFix, Target: cellfix.TargetTF, Findings: []cellfix.Finding{finding(1, "tf-keras-import", "K301", "safe", true)}}
	html = fixed.html()
	if strings.Contains(html, iconWarn) || !strings.Contains(html, iconFixed) || !strings.Contains(html, colorFixed) {
		t.Errorf("a notice whose findings are all fixed shows a warning:\n%s", html)
	}
	if !strings.Contains(fixed.text(), "applied safe fix: t") {
		t.Errorf("text: %s", fixed.text())
	}
	info := (&notice{Magic: []string{"gokmig mode is now fix"}}).html()
	if !strings.Contains(info, iconInfo) || strings.Contains(info, iconWarn) || strings.Contains(info, "<details") {
		t.Errorf("a magic's answer is not a plain info line:\n%s", info)
	}
	problem := (&notice{Problems: []string{"not understood"}}).html()
	if !strings.Contains(problem, iconWarn) {
		t.Errorf("a problem is not a warning:\n%s", problem)
	}
}

// A notice stays small whatever the findings: many of them, long messages
// full of characters that HTML and JSON escape, long fixed lines.
func TestNoticeIsBoundedWhateverTheFindings(t *testing.T) {
	const limit = 256 << 10
	many := func(n int, f cellfix.Finding) []cellfix.Finding {
		out := make([]cellfix.Finding, n)
		for i := range out {
			out[i] = f
			out[i].Line = i + 1
		}
		return out
	}
	small := cellfix.Finding{Rule: "tf-keras-import", Code: "K301", Message: "`tf.keras` is Keras 2",
		Fix: &cellfix.FixSummary{Safety: "safe", Title: "use keras", Text: "keras.layers.Dense(1)"}}
	hostile := cellfix.Finding{Rule: "r", Code: "K1", Message: strings.Repeat("<&é", 5000),
		Fix: &cellfix.FixSummary{Safety: "safe", Title: strings.Repeat("&", 5000),
			Text: strings.Repeat(strings.Repeat("<", 5000)+"\n", 100)}}
	for name, findings := range map[string][]cellfix.Finding{"small": many(2000, small), "hostile": many(10000, hostile)} {
		n := &notice{Mode: ModeWarn, Target: cellfix.TargetTF, Findings: findings}
		content := n.displayContent()
		encoded, err := json.Marshal(content)
		if err != nil {
			t.Fatal(err)
		}
		if len(encoded) > limit {
			t.Errorf("%s: notice of %d bytes, want at most %d", name, len(encoded), limit)
		}
		meta := content["metadata"].(map[string]any)["gokmig"].(map[string]any)
		shown, omitted := len(meta["findings"].([]metadataFinding)), meta["omitted"].(int)
		if shown == 0 || shown > maxShownFindings || shown+omitted != len(findings) {
			t.Errorf("%s: %d shown + %d omitted, want 1..%d shown of %d", name, shown, omitted, maxShownFindings, len(findings))
		}
		more := fmt.Sprintf("… and %d more", omitted)
		data := content["data"].(map[string]string)
		for form, text := range data {
			if !strings.Contains(text, more) || !strings.Contains(text, fmt.Sprintf("%d issues to review", len(findings))) {
				t.Errorf("%s: %s lacks %q or the total", name, form, more)
			}
			if !utf8.ValidString(text) {
				t.Errorf("%s: %s is not valid UTF-8", name, form)
			}
		}
	}
	if got := clip("aé", 2); got != "a…" {
		t.Errorf("clip cut a character: %q", got)
	}
}

func TestUpstreamCommandFromKernelspec(t *testing.T) {
	t.Setenv("GOKMIG_TEST_HOME", "/opt/here")
	spec := &install.KernelSpec{
		Name: "conda-env", ResourceDir: "/specs/conda-env",
		Argv:          []string{"/envs/x/bin/python", "-m", "ipykernel_launcher", "-f", "{connection_file}", "--res={resource_dir}"},
		Env:           map[string]string{"A": "${GOKMIG_TEST_HOME}/lib", "B": "$UNSET_GOKMIG_VAR"},
		InterruptMode: "message",
	}
	u := Upstream{Spec: spec}
	argv, env, err := u.command("/run/conn.json", ConnectionInfo{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(argv, " ") != "/envs/x/bin/python -m ipykernel_launcher -f /run/conn.json --res=/specs/conda-env" {
		t.Errorf("argv %q", argv)
	}
	if env["A"] != "/opt/here/lib" || env["B"] != "${UNSET_GOKMIG_VAR}" {
		t.Errorf("env %v", env)
	}
	if !u.interruptByMessage() || (Upstream{}).interruptByMessage() {
		t.Error("interrupt mode not taken from the kernelspec")
	}
	spec.Metadata = map[string]any{"gokmig": map[string]any{}}
	if _, _, err := u.command("/run/conn.json", ConnectionInfo{}); err == nil {
		t.Error("a gokmig kernelspec was accepted as upstream")
	}
	argv, _, _ = Upstream{Python: "/py"}.command("/c.json", ConnectionInfo{})
	if strings.Join(argv, " ") != "/py -m ipykernel_launcher -f /c.json" {
		t.Errorf("default argv %q", argv)
	}
}

func TestChildEnvNamesUsAsParent(t *testing.T) {
	t.Setenv("JPY_PARENT_PID", "1")
	env := childEnv(map[string]string{"X": "y"})
	var parents []string
	for _, kv := range env {
		if strings.HasPrefix(kv, "JPY_PARENT_PID=") {
			parents = append(parents, kv)
		}
	}
	if len(parents) != 1 || parents[0] != "JPY_PARENT_PID="+strconv.Itoa(os.Getpid()) {
		t.Errorf("JPY_PARENT_PID entries %q", parents)
	}
}

func TestConnectionFromArgs(t *testing.T) {
	str := func(s string) *string { return &s }
	num := func(n int) *int { return &n }
	dir := t.TempDir()
	file := filepath.Join(dir, "kernel.json")
	os.WriteFile(file, []byte(`{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
		"ip": "127.0.0.1", "key": "from-file", "transport": "tcp", "signature_scheme": "hmac-sha256"}`), 0o600)
	absent := filepath.Join(dir, "kernel-v2-123.json")

	// VS Code's flags, no file: the key is a bytes literal or bare.
	for flag, want := range map[string]string{
		`b"bd3f0c1e-77aa"`: "bd3f0c1e-77aa",
		`b'bd3f0c1e-77aa'`: "bd3f0c1e-77aa",
		`bd3f0c1e-77aa`:    "bd3f0c1e-77aa", // the leading b is part of the key
		`"bd3f0c1e-77aa"`:  "bd3f0c1e-77aa",
		`b"unclosed`:       `b"unclosed`,
	} {
		info, path, err := ConnectionFromArgs(ConnectionArgs{
			IPykernelFile: `"` + absent + `"`, IP: str("127.0.0.1"), Transport: str(`"tcp"`), Key: str(flag),
			SignatureScheme: str(`'hmac-sha512'`), Shell: num(11), IOPub: num(12), Stdin: num(13), Control: num(14), HB: num(15),
		})
		if err != nil {
			t.Fatalf("key %s: %v", flag, err)
		}
		if info.Key != want {
			t.Errorf("--Session.key=%s gave key %q, want %q", flag, info.Key, want)
		}
		if path != absent || info.Transport != "tcp" || info.SignatureScheme != "hmac-sha512" ||
			info.ShellPort != 11 || info.IOPubPort != 12 || info.StdinPort != 13 || info.ControlPort != 14 || info.HBPort != 15 {
			t.Errorf("key %s: %+v from %s", flag, info, path)
		}
	}

	// A file that exists is read, and flags override it.
	info, path, err := ConnectionFromArgs(ConnectionArgs{IPykernelFile: file, Shell: num(21)})
	if err != nil || path != file || info.Key != "from-file" || info.ShellPort != 21 || info.IOPubPort != 2 {
		t.Errorf("file with a flag: %+v %s %v", info, path, err)
	}
	// With no file, unset settings take ipykernel's defaults, and the key
	// is a fresh random one.
	info, _, err = ConnectionFromArgs(ConnectionArgs{IPykernelFile: absent})
	if err != nil || info.IP != "127.0.0.1" || info.Transport != "tcp" || info.SignatureScheme != "hmac-sha256" {
		t.Errorf("defaults: %+v %v", info, err)
	}
	again, _, _ := ConnectionFromArgs(ConnectionArgs{IPykernelFile: absent})
	if len(info.Key) < 32 || again.Key == info.Key {
		t.Errorf("keys %q and %q: want two different random keys", info.Key, again.Key)
	}
	// -f must name a file that exists; bad settings name their source.
	if _, _, err := ConnectionFromArgs(ConnectionArgs{File: absent}); err == nil || !strings.Contains(err.Error(), absent) {
		t.Errorf("-f with a missing file: %v", err)
	}
	if _, _, err := ConnectionFromArgs(ConnectionArgs{File: file, Transport: str("udp")}); err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("bad transport over a file: %v", err)
	}
	if _, _, err := ConnectionFromArgs(ConnectionArgs{IPykernelFile: absent, HB: num(70000)}); err == nil || !strings.Contains(err.Error(), "hb_port") {
		t.Errorf("bad port: %v", err)
	}
	if _, _, err := ConnectionFromArgs(ConnectionArgs{IPykernelFile: `""`}); !errors.Is(err, ErrNoConnectionFile) {
		t.Errorf("no file: %v", err)
	}
}

func TestHasTypeDecodesOnlyLikelyHeaders(t *testing.T) {
	for _, tc := range []struct {
		header, msgType string
		want            bool
	}{
		{`{"msg_id": "a", "msg_type": "execute_input", "session": "s"}`, "execute_input", true},
		{`{"msg_type":"status","msg_id":"a"}`, "status", true},
		{"{\"msg_type\" :\n\t\"status\"}", "status", true},
		{`{"msg_type": "stream", "username": "status"}`, "status", false},
		{`{"msg_type": "status_x"}`, "status", false},
		// A nested msg_type ahead of the real one neither hides it nor
		// passes for it.
		{`{"x_extra": {"msg_type": "stream"}, "msg_type": "status"}`, "status", true},
		{`{"x_extra": {"msg_type": "status"}, "msg_type": "stream"}`, "status", false},
		{`{"msg_type": "status"`, "status", false}, // truncated: decoding fails
	} {
		if got := hasType([]byte(tc.header), tc.msgType); got != tc.want {
			t.Errorf("hasType(%s, %s) = %v", tc.header, tc.msgType, got)
		}
	}
}

// Probes are forgotten once their idle has gone by, so the IOPub hot path
// stops looking for them; a probe's idle also ends the probes sent before
// it, whose messages may have been missed.
func TestProbeSetForgetsProbesAfterTheirIdle(t *testing.T) {
	msg := func(msgType, parentID, content string) *wire.Message {
		return &wire.Message{
			Header:       []byte(`{"msg_id": "m", "msg_type": "` + msgType + `"}`),
			ParentHeader: []byte(`{"msg_id": "` + parentID + `", "msg_type": "kernel_info_request"}`),
			Content:      []byte(content),
		}
	}
	busy, idle := `{"execution_state": "busy"}`, `{"execution_state": "idle"}`
	var p probeSet
	p.add("probe-1")
	p.add("probe-2")
	if !p.owns(msg("status", "probe-2", busy)) || p.n.Load() != 2 {
		t.Fatalf("busy of probe-2: n = %d", p.n.Load())
	}
	if p.owns(msg("stream", "cell-1", `{"text": "x"}`)) {
		t.Error("a cell's output taken for a probe's")
	}
	if !p.owns(msg("status", "probe-2", idle)) {
		t.Error("idle of probe-2 not recognised")
	}
	if p.n.Load() != 0 {
		t.Errorf("%d probes still watched after the last one's idle", p.n.Load())
	}
	if p.owns(msg("status", "probe-1", idle)) {
		t.Error("a forgotten probe still matches")
	}
}

func TestStaleChildConnectionFilesAreRemoved(t *testing.T) {
	dir := t.TempDir()
	ended := exec.Command("true")
	if err := ended.Run(); err != nil {
		t.Fatal(err)
	}
	name := func(pid int) string { return filepath.Join(dir, fmt.Sprintf("gokmig-upstream-%d-0123abcd.json", pid)) }
	dead, live, other := name(ended.Process.Pid), name(1), filepath.Join(dir, "gokmig-upstream-notapid.json")
	for _, path := range []string{dead, live, other} {
		if err := os.WriteFile(path, []byte("{}"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	path, err := newChildConnectionFile(dir, ConnectionInfo{Key: "k"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dead); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the file of an ended kernel stays: %v", err)
	}
	for _, keep := range []string{live, other} {
		if _, err := os.Stat(keep); err != nil {
			t.Errorf("%s: %v", keep, err)
		}
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 || !strings.Contains(path, fmt.Sprintf("-%d-", os.Getpid())) {
		t.Errorf("new file %s: %v %v", path, st, err)
	}
}

func TestUncheckableNamesTheBoundACellExceeds(t *testing.T) {
	line := strings.Repeat("x", maxCheckedLine)
	for code, want := range map[string]string{
		"x = 1\n":                    "",
		"a\n" + line + "\nb":         "",
		"a\n" + line + "y\nb":        "its line 2 is 16 KB long, over the 16 KB gokmig checks",
		"a\n" + line + "y":           "its line 2 is 16 KB long, over the 16 KB gokmig checks",
		strings.Repeat(line+"\n", 9): "at 144 KB it is larger than the 128 KB gokmig checks",
	} {
		if got := uncheckable(code); got != want {
			t.Errorf("uncheckable(%d bytes) = %q, want %q", len(code), got, want)
		}
	}
}

// The rule docs' Markdown, rendered: headings, fenced code kept verbatim
// and escaped, list items apart, `code` spans; an unclosed fence still
// ends the code at the end of the doc.
func TestMarkdownHTML(t *testing.T) {
	got := markdownHTML("## Use <this>\nSome `x < y`\ntext.\n\n- one\n- two\n```python\nif a < b:\n    pass\n```\nafter\n```\nopen <fence>")
	for _, want := range []string{
		">Use &lt;this&gt;</div>",
		">Some <code style=\"" + styleCode + "\">x &lt; y</code> text.</div>",
		">• one</div>", ">• two</div>",
		"<pre style=\"" + stylePre + "\">if a &lt; b:\n    pass</pre>",
		">after</div>",
		">open &lt;fence&gt;</pre>",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("markdownHTML lacks %q:\n%s", want, got)
		}
	}
}
