package kernel

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/gokmig/gokmig/cellfix"
	"github.com/gokmig/gokmig/cellfix/rules"
)

// served is one reply as a client decodes it.
type served struct {
	ID       any               `json:"id"`
	Mode     string            `json:"mode"`
	Target   string            `json:"target"`
	Code     *string           `json:"code"`
	Findings []cellfix.Finding `json:"findings"`
	Display  *servedDisplay    `json:"display"`
	Error    string            `json:"error"`
	// Fix mode's code to run on the request's lines, and the notice once
	// the cell raised.
	Run            *string        `json:"run"`
	Prelude        string         `json:"prelude"`
	LinesPreserved bool           `json:"lines_preserved"`
	KeptDisplay    *servedDisplay `json:"kept_display"`
}

type servedDisplay struct {
	Data      map[string]string `json:"data"`
	Metadata  map[string]any    `json:"metadata"`
	Transient map[string]any    `json:"transient"`
}

// serve runs Serve on a real session over the request lines and returns
// its replies, checking that it answers each line once, in order.
func serve(t *testing.T, lines ...string) []served {
	t.Helper()
	return serveWith(t, ServeDefaults{}, lines...)
}

func serveWith(t *testing.T, defaults ServeDefaults, lines ...string) []served {
	t.Helper()
	in := strings.NewReader(strings.Join(lines, "\n") + "\n")
	var out strings.Builder
	if err := Serve(in, &out, cellfix.NewSession(rules.All), defaults, nil); err != nil {
		t.Fatalf("Serve: %v", err)
	}
	var replies []served
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r served
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("reply %q is not JSON: %v", sc.Text(), err)
		}
		replies = append(replies, r)
	}
	if len(replies) != len(lines) {
		t.Fatalf("%d replies to %d requests:\n%s", len(replies), len(lines), out.String())
	}
	return replies
}

func request(id any, op, code string, extra ...string) string {
	req := map[string]any{"id": id, "op": op, "code": code}
	for i := 0; i+1 < len(extra); i += 2 {
		req[extra[i]] = extra[i+1]
	}
	b, _ := json.Marshal(req)
	return string(b)
}

func TestServeCheckShowsTheKernelsNotice(t *testing.T) {
	// tf.keras.layers.Dense is the Keras 2 spelling the migration guide
	// replaces with keras.layers.Dense.
	cell := "import tensorflow as tf\nm = tf.keras.layers.Dense(3)\n"
	r := serve(t, request(7, "check", cell), request("clean", "check", "x = 1\n"))
	if r[0].ID != float64(7) || r[1].ID != "clean" {
		t.Errorf("ids = %v, %v; want 7 and \"clean\" back", r[0].ID, r[1].ID)
	}
	var onLine2 bool
	for _, f := range r[0].Findings {
		onLine2 = onLine2 || f.Line == 2 && f.Code == "K301" && f.Cell == nil && !f.Fixed
	}
	if !onLine2 || r[0].Code != nil || r[0].Error != "" {
		t.Fatalf("check reply = %+v; want an unfixed K301 finding on line 2, no code, no error", r[0])
	}
	// The notice is the one the kernel builds for the same cell.
	_, findings, converted, err := runChecker(cellfix.NewSession(rules.All), ModeWarn, cellfix.TargetTF, cell)
	if err != nil {
		t.Fatal(err)
	}
	want := (&notice{Mode: ModeWarn, Target: cellfix.TargetTF, Findings: findings, Converted: converted}).displayContent()["data"]
	if r[0].Display == nil || fmt.Sprint(r[0].Display.Data) != fmt.Sprint(want) {
		t.Errorf("display = %+v\nwant the kernel's notice %v", r[0].Display, want)
	}
	if !strings.Contains(r[0].Display.Data["text/plain"], "line 2:") || !strings.Contains(r[0].Display.Data["text/html"], "K301") {
		t.Errorf("notice does not name line 2 and K301: %v", r[0].Display.Data)
	}
	if len(r[1].Findings) != 0 || r[1].Display != nil {
		t.Errorf("clean cell got %+v; want no findings and no notice", r[1])
	}
}

func TestServeFixKeepsCrossCellContext(t *testing.T) {
	cell := "layer = tf.keras.layers.Dense(1)\n"
	alone := serve(t, request(1, "record", "import tensorflow as tf\n"), request(2, "fix", cell))[1]
	// When no earlier cell imported keras, the fixed cell needs its own
	// import; tf is known from the recorded cell.
	if alone.Code == nil || !strings.Contains(*alone.Code, "import keras\n") || strings.Contains(*alone.Code, "tf.keras") {
		t.Fatalf("fixed code = %+v; want tf.keras replaced and keras imported", alone)
	}
	r := serve(t,
		request(1, "record", "import tensorflow as tf\nimport keras\n"),
		request(2, "fix", cell),
	)
	if r[0].Error != "" || r[0].Display != nil {
		t.Errorf("record reply = %+v; want a bare acknowledgement", r[0])
	}
	if r[1].Code == nil || *r[1].Code != "layer = keras.layers.Dense(1)\n" {
		t.Errorf("after a recorded cell imported keras, fixed code = %q; want only the name replaced", *r[1].Code)
	}
	var fixed bool
	for _, f := range r[1].Findings {
		fixed = fixed || f.Fixed
	}
	if !fixed || r[1].Display == nil || !strings.Contains(r[1].Display.Data["text/plain"], "applied before running") {
		t.Errorf("fix reply = %+v; want applied findings and a notice saying so", r[1])
	}
}

func TestServeSetAnswersLikeTheKernelsMagic(t *testing.T) {
	r := serve(t,
		request(1, "set", "", "args", "fix", "mode", "warn", "target", "tf"),
		request(2, "set", "", "args", "target multi", "mode", "fix", "target", "tf"),
		request(3, "set", "", "args", "sideways", "mode", "fix", "target", "multi"),
	)
	if r[0].Mode != "fix" || r[0].Target != "tf" || !strings.Contains(r[0].Display.Data["text/plain"], "gokmig mode is now fix") {
		t.Errorf("%%gokmig fix: %+v", r[0])
	}
	if r[1].Mode != "fix" || r[1].Target != "multi" || !strings.Contains(r[1].Display.Data["text/plain"], "gokmig target is now multi") {
		t.Errorf("%%gokmig target multi: %+v", r[1])
	}
	if r[2].Mode != "fix" || r[2].Target != "multi" || !strings.Contains(r[2].Display.Data["text/plain"], "not understood") {
		t.Errorf("%%gokmig sideways: %+v; want the state kept and the kernel's complaint", r[2])
	}
}

func TestServeDefaultsApplyToRequestsWithoutMode(t *testing.T) {
	// tf.reduce_sum in a layer is fine on Keras 3 with TensorFlow; only
	// the multi target asks for keras.ops (JAX has no tf).
	cell := "import tensorflow as tf\nimport keras\nclass L(keras.layers.Layer):\n    def call(self, x):\n        return tf.reduce_sum(x)\n"
	multi := serveWith(t, ServeDefaults{Mode: ModeFix, Target: cellfix.TargetMulti},
		request(1, "settings", ""), request(2, "check", cell), request(3, "check", cell, "target", "tf"))
	if multi[0].Mode != "fix" || multi[0].Target != "multi" {
		t.Errorf("settings = %+v; want the defaults fix and multi", multi[0])
	}
	if len(multi[1].Findings) == 0 || len(multi[2].Findings) != 0 {
		t.Errorf("findings with the multi default: %+v; with target tf named: %+v", multi[1].Findings, multi[2].Findings)
	}
	if plain := serve(t, request(1, "settings", ""))[0]; plain.Mode != "warn" || plain.Target != "tf" {
		t.Errorf("settings without defaults = %+v; want warn and tf", plain)
	}
}

func TestServeSurvivesBadRequests(t *testing.T) {
	long := strings.Repeat("x = 1  # ", maxCheckedLine/8) + "\n"
	huge := `{"id": 9, "op": "check", "code": "` + strings.Repeat(`\u0000`, maxRequestBytes/6+1) + `"}`
	r := serve(t,
		"not json",
		request(2, "explode", ""),
		request(3, "check", long),
		huge,
		request(5, "check", "import tensorflow as tf\nm = tf.keras.Model()\n"),
	)
	if r[0].Error == "" || r[1].Error == "" || !strings.Contains(r[1].Error, "explode") {
		t.Errorf("garbage and an unknown op: %+v, %+v; want errors", r[0], r[1])
	}
	if r[2].Display == nil || !strings.Contains(r[2].Display.Data["text/plain"], "ran unchecked") {
		t.Errorf("a 16 KB line: %+v; want the kernel's unchecked notice", r[2])
	}
	if r[3].ID != float64(9) || !strings.Contains(r[3].Error, "larger than") || r[3].Display == nil {
		t.Errorf("an oversized request: %+v; want its id, an error and an unchecked notice", r[3])
	}
	if len(r[4].Findings) == 0 {
		t.Errorf("the request after them was not checked: %+v", r[4])
	}
}

func TestServeBoundsTheFindingsLikeTheNotice(t *testing.T) {
	// One Keras 2 name per line, 200 lines: 200 findings at least.
	cell := "import tensorflow as tf\n" + strings.Repeat("m = tf.keras.layers.Dense(3)\n", 200)
	var r struct {
		Findings []cellfix.Finding `json:"findings"`
		Omitted  int               `json:"omitted"`
	}
	var out strings.Builder
	if err := Serve(strings.NewReader(request(1, "check", cell)), &out, cellfix.NewSession(rules.All), ServeDefaults{}, nil); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(out.String()), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Findings) == 0 || len(r.Findings) > maxShownFindings || len(r.Findings)+r.Omitted < 200 {
		t.Errorf("%d findings and %d omitted; want at most the notice's %d and the rest counted", len(r.Findings), r.Omitted, maxShownFindings)
	}
}

func TestServeEndsAtEOFWithoutNewline(t *testing.T) {
	var out strings.Builder
	in := io.MultiReader(strings.NewReader(request(1, "check", "x = 1\n")))
	if err := Serve(in, &out, cellfix.NewSession(rules.All), ServeDefaults{}, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), `{"id":1,`) {
		t.Errorf("last request without a newline got %q", out.String())
	}
}

// BenchmarkServeCheck is the cost of one check request through Serve,
// decoding and encoding included, after 10 recorded cells: what the
// extension adds to a cell besides the pipe round trip.
func BenchmarkServeCheck(b *testing.B) {
	var lines []string
	for i := 0; i < 10; i++ {
		lines = append(lines, request(i, "record", "import tensorflow as tf\nx = tf.constant(1)\n"))
	}
	for i := 0; i < b.N; i++ {
		lines = append(lines, request(i, "check", "m = tf.keras.layers.Dense(3)\ny = m(x)\n"))
	}
	in := strings.Join(lines, "\n") + "\n"
	b.ResetTimer()
	if err := Serve(strings.NewReader(in), io.Discard, cellfix.NewSession(rules.All), ServeDefaults{}, nil); err != nil {
		b.Fatal(err)
	}
}

func TestServeFixRunsTheFixedCellOnTheRequestsLines(t *testing.T) {
	// The fix imports ThresholdedReLU's replacement apart, adding a line:
	// in the fixed cell the raise is line 5, in the request line 4.
	cell := "from tensorflow.keras.layers import Input, Dense, ThresholdedReLU\n" +
		"x = Input(shape=(4,))\ny = ThresholdedReLU(theta=0.5)(x)\nraise ValueError('stop')\n"
	r := serve(t, request(1, "fix", cell))[0]
	if r.Code == nil || r.Run == nil || r.Error != "" {
		t.Fatalf("fix reply = %+v; want code and run", r)
	}
	if lines := strings.Split(*r.Code, "\n"); len(lines) < 6 || lines[4] != "raise ValueError('stop')" {
		t.Fatalf("fixed cell = %q; want the raise moved to line 5", *r.Code)
	}
	run := strings.Split(*r.Run, "\n")
	if !r.LinesPreserved || r.Prelude != "" || len(run) != strings.Count(cell, "\n")+1 || run[3] != "raise ValueError('stop')" ||
		strings.Contains(*r.Run, "tensorflow") {
		t.Fatalf("run = %q (preserved %v, prelude %q); want the fixed code on the request's 4 lines", *r.Run, r.LinesPreserved, r.Prelude)
	}
	// The notice can be replaced by the one for a cell that raised.
	id, _ := r.Display.Transient["display_id"].(string)
	if r.KeptDisplay == nil || id == "" || r.KeptDisplay.Transient["display_id"] != id {
		t.Fatalf("display ids %v and %+v; want the same one in both notices", r.Display.Transient, r.KeptDisplay)
	}
	kept := r.KeptDisplay.Data["text/plain"]
	if !strings.Contains(kept, "keeps your code") || !strings.Contains(kept, "   4   raise ValueError('stop')") {
		t.Errorf("kept notice:\n%s\nwant it to say the cell kept its code, with the raise on line 4", kept)
	}
	if strings.Contains(r.Display.Data["text/plain"], "keeps your code") {
		t.Errorf("notice before the cell ran says it kept its code:\n%s", r.Display.Data["text/plain"])
	}

	// Imports added above a compound statement run first, on their own.
	compound := "if False:\n    layer = tf.keras.layers.Dense(4)\nraise ValueError('boom')\n"
	r = serve(t, request(1, "record", "import tensorflow as tf\n"), request(2, "fix", compound))[1]
	if r.Prelude != "import keras\n" || r.Run == nil || *r.Run != strings.Replace(compound, "tf.keras", "keras", 1) ||
		r.Code == nil || !strings.HasPrefix(*r.Code, "import keras\n") {
		t.Errorf("compound cell: prelude %q run %v code %v", r.Prelude, r.Run, r.Code)
	}

	// A cell the fixes leave alone runs as it is, with no notice to replace.
	r = serve(t, request(1, "fix", "x = 1\n"))[0]
	if r.Run == nil || *r.Run != "x = 1\n" || r.KeptDisplay != nil || r.Prelude != "" {
		t.Errorf("clean cell: %+v", r)
	}
}
