package kernel

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gokmig/gokmig/internal/testenv"
)

// The notice of a Keras 2 cell on which two rules touch one statement shows
// the same final code as `gokmig-kernel convert` writes for that source.
// The cell runs through the real kernel in warn mode; convert runs as the
// built command on the same source given on stdin.
func TestNoticeShowsWhatConvertWrites(t *testing.T) {
	testPython(t) // the kernel's child; fails under CI=true when missing
	bin := filepath.Join(t.TempDir(), "gokmig-kernel")
	build := exec.Command("go", "build", "-o", bin, "./cmd/gokmig-kernel")
	build.Dir = testenv.ModuleRoot()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building gokmig-kernel: %v\n%s", err, out)
	}
	for name, cell := range map[string]string{
		// tf-keras-import and removed-api on the import; the import of the
		// removed class is unused, so a later round drops it.
		"unused removed class": "from tensorflow.keras.layers import Input, Dense, ThresholdedReLU\nx = Input(shape=(4,))\ny = Dense(2)(x)\n",
		// The same import, and the removed class used below it.
		"used removed class": "from tensorflow.keras.layers import Input, Dense, ThresholdedReLU\nx = Input(shape=(4,))\ny = ThresholdedReLU(theta=0.5)(x)\n",
	} {
		t.Run(name, func(t *testing.T) {
			want := convertSource(t, bin, cell)
			if want == cell {
				t.Fatalf("convert left the cell unchanged; the test needs a cell it fixes")
			}
			k := startKernel(t, ModeWarn)
			c := connect(t, k.cfg.Connection)
			id := c.execute(cell)
			var meta map[string]any
			var plain string
			for _, m := range c.untilIdle(id, 180*time.Second) {
				if typeOf(m) == "display_data" {
					notice := content(t, m)
					meta = notice["metadata"].(map[string]any)["gokmig"].(map[string]any)
					plain = notice["data"].(map[string]any)["text/plain"].(string)
				}
			}
			if meta == nil {
				t.Fatal("no notice")
			}
			rulesOnLine1 := map[string]bool{}
			for _, f := range meta["findings"].([]any) {
				if f := f.(map[string]any); f["line"] == float64(1) {
					rulesOnLine1[f["rule"].(string)] = true
				}
			}
			if len(rulesOnLine1) < 2 {
				t.Fatalf("rules on line 1: %v; the test needs two rules on one statement", rulesOnLine1)
			}
			if got := meta["converted"]; got != want {
				t.Errorf("the notice's code:\n%v\nconvert writes:\n%s", got, want)
			}
			for _, line := range strings.Split(strings.TrimRight(want, "\n"), "\n") {
				if !strings.Contains(plain, "  | "+line+"\n") && !strings.HasSuffix(plain, "  | "+line) {
					t.Errorf("the plain-text notice does not show converted line %q:\n%s", line, plain)
				}
			}
		})
	}
}

// convertSource runs `gokmig-kernel convert -` on src and returns what it
// writes to stdout.
func convertSource(t *testing.T, bin, src string) string {
	t.Helper()
	cmd := exec.Command(bin, "convert", "-")
	cmd.Stdin = strings.NewReader(src)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		// Exit status 1 means findings remain, which is not a failure here.
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
			t.Fatalf("convert -: %v\n%s", err, errOut.String())
		}
	}
	return out.String()
}
