package nbformat

import (
	"strings"
	"testing"
)

// FileLine must land on the line of the .ipynb that holds the source line,
// checked by reading that line of the file back.
func TestFileLineHoldsTheSourceLine(t *testing.T) {
	const data = `{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": ["# title\n", "text"]
  },
  {
   "cell_type": "code",
   "metadata": {},
   "source": [
    "import tensorflow as tf\n",
    "\n",
    "x = tf.keras.layers.Dense(1)\n",
    "y = 2"
   ]
  },
  {"cell_type": "code", "metadata": {}, "source": "a = 1\nb = tf.keras.Model()\n"},
  {"cell_type": "code", "metadata": {}, "source": [
    "p = 1\nq = tf.keras.Input(3)\n", "r = 3"]}
 ],
 "metadata": {}, "nbformat": 4, "nbformat_minor": 5
}
`
	nb, err := Parse("n.ipynb", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	fileLines := strings.Split(data, "\n")
	for _, tc := range []struct {
		cell, line int
		want       string // text the file's line must hold
	}{
		{0, 1, `"# title\n"`},
		{0, 2, `"text"`},
		{1, 1, `"import tensorflow as tf\n"`},
		{1, 2, `"\n",`},
		{1, 3, `"x = tf.keras.layers.Dense(1)\n"`},
		{1, 4, `"y = 2"`},
		{2, 2, `b = tf.keras.Model()`},  // a single string: its one line
		{3, 2, `q = tf.keras.Input(3)`}, // an item holding two lines
		{3, 3, `"r = 3"`},
	} {
		got, ok := nb.FileLine(tc.cell, tc.line)
		if !ok || got < 1 || got > len(fileLines) {
			t.Errorf("FileLine(%d, %d) = %d, %v", tc.cell, tc.line, got, ok)
			continue
		}
		if !strings.Contains(fileLines[got-1], tc.want) {
			t.Errorf("FileLine(%d, %d) = %d: %q does not hold %q", tc.cell, tc.line, got, fileLines[got-1], tc.want)
		}
	}
	for _, bad := range [][2]int{{1, 5}, {4, 1}, {-1, 1}, {1, 0}} {
		if n, ok := nb.FileLine(bad[0], bad[1]); ok {
			t.Errorf("FileLine(%d, %d) = %d, want not found", bad[0], bad[1], n)
		}
	}
}
