package nbformat

import "testing"

// BenchmarkParse reads realistic.ipynb: 80 cells, training logs and plots
// (360 KB, mostly outputs, as in real notebooks).
func BenchmarkParse(b *testing.B) {
	data := readFixture(b, "realistic.ipynb")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("realistic.ipynb", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEdit changes one cell in four and renders the notebook, the
// work convert does after the rules ran.
func BenchmarkEdit(b *testing.B) {
	data := readFixture(b, "realistic.ipynb")
	nb, err := Parse("realistic.ipynb", data)
	if err != nil {
		b.Fatal(err)
	}
	cells := nb.Cells()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		for i := 0; i < len(cells); i += 4 {
			if err := nb.SetSource(i, cells[i].Source+"\nimport keras\n"); err != nil {
				b.Fatal(err)
			}
		}
		_ = nb.Bytes()
	}
}
