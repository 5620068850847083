package kernel

import (
	"encoding/json"
	"io"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/kernel/wire"
)

func TestCellChangeNumbersTheNewText(t *testing.T) {
	before := "import a\nx = 1\ny = old(x)\nprint(y)\n"
	after := "import b\nimport c\nx = 1\ny = new(x)\nprint(y)\n"
	c := newCellChange(before, after)
	var got []string
	for _, l := range c.Lines {
		got = append(got, strings.TrimSpace(strings.Join([]string{itoa(l.Line), string(l.Op), l.Text}, " ")))
	}
	want := []string{
		"- import a", "1 + import b", "2 + import c", "3   x = 1", "- y = old(x)", "4 + y = new(x)", "5   print(y)",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Every line of after, in order, numbered as Python counts them.
	var kept []string
	for _, l := range c.Lines {
		if l.Op != '-' {
			kept = append(kept, l.Text)
			if want := len(kept); l.Line != want {
				t.Errorf("line %q numbered %d, want %d", l.Text, l.Line, want)
			}
		}
	}
	if strings.Join(kept, "\n")+"\n" != after {
		t.Errorf("after lines do not rebuild the text: %q", kept)
	}
	// A last line without a newline is still a line.
	if c := newCellChange("a\nb", "a\nc"); len(c.Lines) != 3 || c.Lines[2] != (changeLine{Op: '+', Line: 2, Text: "c"}) {
		t.Errorf("no final newline: %+v", c.Lines)
	}
}

// itoa numbers a line, leaving removed lines (0) unnumbered.
func itoa(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func TestRestoreMagicsPutsTheLinesBack(t *testing.T) {
	var it interceptor
	it.mode, it.target = ModeWarn, cellfix.TargetTF
	code := "%gokmig fix\nx = tf.keras.layers.Dense(3)\n%gokmig target multi\n"
	run, _, _, lines := it.applyMagics(code)
	fixed := strings.Replace(run, "tf.keras", "keras", 1)
	if got, want := restoreMagics(fixed, lines), strings.Replace(code, "tf.keras", "keras", 1); got != want {
		t.Errorf("restoreMagics = %q, want %q", got, want)
	}
	if got := restoreMagics("y = 1\n", nil); got != "y = 1\n" {
		t.Errorf("no magics: %q", got)
	}
}

func TestCellReplacedInTheReplyIsSignedAgain(t *testing.T) {
	signer, err := wire.NewSigner("hmac-sha256", []byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	k := &Kernel{signer: signer, log: log.New(io.Discard, "", 0)}
	reply := func(content map[string]any) *wire.Message {
		m, err := signer.New([][]byte{[]byte("id")}, wire.NewHeader("execute_reply", "s", "u"), []byte(`{}`), map[string]any{}, content)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	payloads := func(m *wire.Message) []map[string]any {
		var c struct {
			Payload []map[string]any `json:"payload"`
		}
		if err := json.Unmarshal(m.Content, &c); err != nil {
			t.Fatal(err)
		}
		return c.Payload
	}

	in := reply(map[string]any{"status": "error", "execution_count": 3, "payload": []any{map[string]any{"source": "page", "data": map[string]any{}}}})
	out := k.withCellReplaced(in, "import keras\n")
	if err := signer.Verify(out); err != nil {
		t.Fatalf("changed reply does not verify: %v", err)
	}
	if string(out.Header) != string(in.Header) || len(out.Identities) != 1 {
		t.Error("header or routing identity changed")
	}
	got := payloads(out)
	if len(got) != 2 || got[0]["source"] != "page" || got[1]["source"] != "set_next_input" ||
		got[1]["text"] != "import keras\n" || got[1]["replace"] != true {
		t.Errorf("payload %v", got)
	}

	// A reply without a payload key gets one; an aborted cell never ran;
	// the user's own set_next_input wins.
	if got := payloads(k.withCellReplaced(reply(map[string]any{"status": "ok"}), "z")); len(got) != 1 || got[0]["text"] != "z" {
		t.Errorf("no payload key: %v", got)
	}
	aborted := reply(map[string]any{"status": "aborted"})
	if k.withCellReplaced(aborted, "z") != aborted {
		t.Error("aborted reply changed")
	}
	own := reply(map[string]any{"status": "ok", "payload": []any{map[string]any{"source": "set_next_input", "text": "mine"}}})
	if k.withCellReplaced(own, "z") != own {
		t.Error("the user's own set_next_input was overridden")
	}
}

func TestRequestCellAndCount(t *testing.T) {
	if got := requestCell([]byte(`{"cellId": "ab-12", "deletedCells": []}`)); got != "ab-12" {
		t.Errorf("cellId %q", got)
	}
	for _, md := range []string{``, `{}`, `{"cellId": 5}`, `nonsense`} {
		if got := requestCell([]byte(md)); got != "" {
			t.Errorf("%s: cellId %q", md, got)
		}
	}
	if got := inputCount([]byte(`{"code": "x", "execution_count": 12}`)); got != 12 {
		t.Errorf("count %d", got)
	}
	n := &notice{ExecutionCount: 4}
	if n.cell() != 4 {
		t.Errorf("cell() = %v", n.cell())
	}
	n.CellID = "c"
	if n.cell() != "c" {
		t.Errorf("cell() = %v", n.cell())
	}
	if (&notice{}).cell() != nil {
		t.Error("no cell is not nil")
	}
}

func TestStateFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := StatePath(filepath.Join(dir, "kernel-1.json"))
	if _, ok, err := readState(path); ok || err != nil {
		t.Fatalf("absent file: ok=%v err=%v", ok, err)
	}
	want := sessionState{Mode: ModeFix, Target: cellfix.TargetMulti}
	if err := writeState(path, want); err != nil {
		t.Fatal(err)
	}
	got, ok, err := readState(path)
	if !ok || err != nil || got != want {
		t.Errorf("read %+v ok=%v err=%v", got, ok, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
	os.WriteFile(path, []byte(`{"mode": "loud", "target": "tf"}`), 0o600)
	if _, ok, err := readState(path); ok || err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("bad mode: ok=%v err=%v", ok, err)
	}
	if StatePath("") != "" {
		t.Error("a state path without a connection file")
	}
	if !isRestart([]byte(`{"restart": true}`)) || isRestart([]byte(`{"restart": false}`)) || isRestart([]byte(`{}`)) {
		t.Error("isRestart")
	}
	if restoredNote(want, want) != "" {
		t.Error("a note when nothing differs")
	}
	note := restoredNote(want, sessionState{Mode: ModeWarn, Target: cellfix.TargetTF})
	if !strings.Contains(note, "mode fix, target multi") {
		t.Errorf("note %q", note)
	}
}

func TestFixChangeRunsOnTheOriginalLines(t *testing.T) {
	before := "%gokmig fix\nfrom tensorflow.keras.layers import Input, ThresholdedReLU\nx = Input((4,))\ny = ThresholdedReLU(theta=0.5)(x)\nraise ValueError('stop')\n"
	var it interceptor
	ranFrom, _, _, magics := it.applyMagics(before)
	fixed := strings.Replace(strings.Replace(ranFrom, "from tensorflow.keras.layers import Input, ThresholdedReLU",
		"from keras.layers import Input\nfrom keras.layers import ReLU", 1), "ThresholdedReLU(theta=0.5)", "ReLU(threshold=0.5)", 1)
	after := restoreMagics(fixed, magics)
	c := newFixChange(before, after, ranFrom, fixed)
	if !c.Preserved {
		t.Fatalf("not laid out on the original lines: %q", c.Ran)
	}
	ran := strings.Split(c.Ran, "\n")
	if len(ran) != strings.Count(before, "\n")+1 || ran[4] != "raise ValueError('stop')" ||
		ran[1] != "from keras.layers import Input; from keras.layers import ReLU" || ran[0] != "# %gokmig fix" {
		t.Fatalf("ran:\n%s", c.Ran)
	}
	// The raise is line 6 of the cell as it reads once replaced, line 5
	// of what ran and of the cell as written.
	if got := c.ranLine(6); got != 5 {
		t.Errorf("ranLine(6) = %d", got)
	}
	// Once the cell raised, findings are numbered as what ran, and the
	// cell's lines too, the magic line shown as the user wrote it.
	kept, findings := c.kept([]cellfix.Finding{{Line: 5, EndLine: 5}, {Line: 3, EndLine: 3}})
	if !kept.Kept || c.Kept || findings[0].Line != 4 || findings[1].Line != 2 {
		t.Errorf("kept %v, findings at %d and %d", kept.Kept, findings[0].Line, findings[1].Line)
	}
	n := &notice{Change: kept}
	shown := n.changeShown()
	for _, want := range []string{"   1   %gokmig fix\n", "   2 - from tensorflow", "   2 + from keras.layers import Input; from keras.layers import ReLU\n", "   5   raise ValueError('stop')\n"} {
		if !strings.Contains(shown, want) {
			t.Errorf("kept view lacks %q:\n%s", want, shown)
		}
	}
	if b := n.codeBlocks(); len(b) != 1 || !strings.Contains(b[0].title, "keeps your code") || !strings.Contains(b[0].title, "those of your cell") {
		t.Errorf("blocks %+v", b)
	}
	// Before the outcome, numbered as the replaced cell reads.
	n = &notice{Change: c}
	if shown := n.changeShown(); !strings.Contains(shown, "   6   raise ValueError('stop')\n") {
		t.Errorf("replaced view:\n%s", shown)
	}

	// An import added above a class runs first, on its own.
	c = newFixChange("class A(B):\n    raise X\n", "import keras\nclass A(B):\n    raise X\n", "class A(B):\n    raise X\n", "import keras\nclass A(B):\n    raise X\n")
	if !c.Preserved || c.Prelude != "import keras\n" || c.Ran != "class A(B):\n    raise X\n" || c.ranLine(3) != 2 {
		t.Fatalf("preserved %v prelude %q ran %q", c.Preserved, c.Prelude, c.Ran)
	}
	kept, _ = c.kept(nil)
	if shown := (&notice{Change: kept}).changeShown(); !strings.HasPrefix(shown, "     + import keras\n   1   class A(B):\n") {
		t.Errorf("kept view:\n%s", shown)
	}
	if title := kept.keptTitle(); !strings.Contains(title, "ran first on their own") {
		t.Errorf("title %q", title)
	}

	// Code that cannot keep its lines runs as fixed, and the kept view
	// says the traceback counts the lines of what ran.
	c = newFixChange("x = (\n", "import keras\nx = (\n", "x = (\n", "import keras\nx = (\n")
	if c.Preserved || c.Ran != c.After || c.ranLine(2) != 2 {
		t.Fatalf("preserved %v ran %q", c.Preserved, c.Ran)
	}
	kept, _ = c.kept(nil)
	if title := kept.keptTitle(); !strings.Contains(title, "counts the lines of the code that ran") {
		t.Errorf("title %q", title)
	}
}

func TestErrorUpdatesTheFixNotice(t *testing.T) {
	c := newFixChange("x = tf.ones(1)\nraise X\n", "import keras\nx = keras.ops.ones(1)\nraise X\n",
		"x = tf.ones(1)\nraise X\n", "import keras\nx = keras.ops.ones(1)\nraise X\n")
	e := &noticeEntry{parent: []byte(`{}`), base: &notice{Mode: ModeFix, Change: c, DisplayID: "gokmig-1"}}
	var published, updated []*notice
	publish := func(_ []byte, n *notice) { published = append(published, n) }
	update := func(_ []byte, n *notice) { updated = append(updated, n) }
	e.inputForwarded(1, publish)
	if len(published) != 1 || published[0].Change.Kept {
		t.Fatalf("published %v", published)
	}
	if got := published[0].displayContent()["transient"].(map[string]any)["display_id"]; got != "gokmig-1" {
		t.Errorf("display id %v", got)
	}
	e.errorForwarded(update)
	e.errorForwarded(update) // a second error changes nothing more
	if len(updated) != 1 || !updated[0].Change.Kept || !strings.Contains(updated[0].text(), "keeps your code") {
		t.Fatalf("updated %v", updated)
	}
	// A notice that is not out yet goes out as kept.
	e = &noticeEntry{parent: []byte(`{}`), base: &notice{Mode: ModeFix, Change: c, DisplayID: "gokmig-2"}}
	updated = nil
	e.errorForwarded(update)
	published = nil
	e.inputForwarded(2, publish)
	if len(updated) != 0 || len(published) != 1 || !published[0].Change.Kept {
		t.Errorf("updated %v published %v", updated, published)
	}
	// Warn mode notices have no change and are never updated.
	e = &noticeEntry{parent: []byte(`{}`), base: &notice{Mode: ModeWarn, Magic: []string{"m"}}}
	e.inputForwarded(3, publish)
	e.errorForwarded(update)
	if len(updated) != 0 {
		t.Error("a warn notice was updated")
	}
}
