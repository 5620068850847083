package install

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
)

// Logo draws the kernel's logo at size×size pixels as a PNG: a red rounded
// square (Keras red) with a white "K" and a small amber arrow, the migration.
// Drawing it in code keeps binary assets out of the repository.
func Logo(size int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	s := float64(size)
	red := color.NRGBA{0xD0, 0x00, 0x00, 0xFF}
	white := color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	amber := color.NRGBA{0xFF, 0xB3, 0x00, 0xFF}
	stroke := s * 0.11
	type segment struct{ x1, y1, x2, y2 float64 }
	k := []segment{
		{0.30, 0.22, 0.30, 0.78}, // stem
		{0.32, 0.52, 0.62, 0.22}, // upper arm
		{0.40, 0.45, 0.64, 0.78}, // leg
	}
	arrow := []segment{
		{0.66, 0.50, 0.86, 0.50},
		{0.78, 0.42, 0.86, 0.50},
		{0.78, 0.58, 0.86, 0.50},
	}
	near := func(segs []segment, x, y, width float64) bool {
		for _, g := range segs {
			if distToSegment(x, y, g.x1*s, g.y1*s, g.x2*s, g.y2*s) <= width/2 {
				return true
			}
		}
		return false
	}
	radius := s * 0.18
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			if !insideRoundedSquare(px, py, s, radius) {
				continue // transparent corner
			}
			c := red
			if near(k, px, py, stroke) {
				c = white
			}
			if near(arrow, px, py, stroke*0.7) {
				c = amber
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding an in-memory image cannot fail
	}
	return buf.Bytes()
}

func insideRoundedSquare(x, y, size, r float64) bool {
	cx := math.Max(r, math.Min(x, size-r))
	cy := math.Max(r, math.Min(y, size-r))
	return math.Hypot(x-cx, y-cy) <= r
}

func distToSegment(px, py, x1, y1, x2, y2 float64) float64 {
	dx, dy := x2-x1, y2-y1
	t := ((px-x1)*dx + (py-y1)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(px-(x1+t*dx), py-(y1+t*dy))
}
