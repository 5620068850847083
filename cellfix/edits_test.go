package cellfix

import "testing"

// Each helper applied to a small cell gives the Python a person would
// write by hand.
func TestEditHelpers(t *testing.T) {
	firstCall := func(c *Cell) *Node {
		var call *Node
		c.Root.Walk(func(n *Node) bool {
			if call == nil && n.Type() == "call" {
				call = n
			}
			return call == nil
		})
		return call
	}
	stmt := func(i int) func(c *Cell) *Node { return func(c *Cell) *Node { return c.Root.NamedChildren()[i] } }
	for _, tc := range []struct {
		name, src, want string
		edit            func(e Editor, c *Cell) TextEdit
	}{
		{"remove middle argument", "f(a, b=1, c=2)\n", "f(a, c=2)\n", func(e Editor, c *Cell) TextEdit {
			a := ArgsOf(c, firstCall(c))
			return e.RemoveArgument(a, a.Keyword["b"])
		}},
		{"remove first argument", "f(b=1, c=2)\n", "f(c=2)\n", func(e Editor, c *Cell) TextEdit {
			a := ArgsOf(c, firstCall(c))
			return e.RemoveArgument(a, a.Keyword["b"])
		}},
		{"remove only argument", "f(b=1,)\n", "f()\n", func(e Editor, c *Cell) TextEdit {
			a := ArgsOf(c, firstCall(c))
			return e.RemoveArgument(a, a.Keyword["b"])
		}},
		{"append argument", "f(a)\n", "f(a, jit_compile=False)\n", func(e Editor, c *Cell) TextEdit {
			return e.AppendArgument(firstCall(c), "jit_compile=False")
		}},
		{"append to empty call", "f()\n", "f(x=1)\n", func(e Editor, c *Cell) TextEdit { return e.AppendArgument(firstCall(c), "x=1") }},
		{"prepend argument", "f(a)\n", "f(t=1.0, a)\n", func(e Editor, c *Cell) TextEdit {
			return e.PrependArgument(ArgsOf(c, firstCall(c)), "t=1.0")
		}},
		{"name argument", "f(a, b)\n", "f(a, trainable=b)\n", func(e Editor, c *Cell) TextEdit {
			return e.NameArgument(ArgsOf(c, firstCall(c)).Positional[1], "trainable")
		}},
		{"rename keyword", "f(theta=2)\n", "f(threshold=2)\n", func(e Editor, c *Cell) TextEdit {
			return e.RenameKeyword(ArgsOf(c, firstCall(c)).Keyword["theta"], "threshold")
		}},
		{"remove statement with its line", "a = 1\nimport x  # note\nb = 2\n", "a = 1\nb = 2\n", func(e Editor, c *Cell) TextEdit {
			return e.RemoveStatement(stmt(1)(c))
		}},
		{"remove the only statement of a block", "if x:\n    import y\n", "if x:\n    pass\n", func(e Editor, c *Cell) TextEdit {
			return e.RemoveStatement(c.Root.NamedChildren()[0].Child("consequence").NamedChildren()[0])
		}},
		{"remove import entry", "from m import a, b, c\n", "from m import a, c\n", func(e Editor, c *Cell) TextEdit {
			return e.RemoveImportEntry(stmt(0)(c), 1)
		}},
		{"remove last entry on its own line", "from m import (\n    a,\n    b,\n)\n", "from m import (\n    a,\n)\n", func(e Editor, c *Cell) TextEdit {
			return e.RemoveImportEntry(stmt(0)(c), 1)
		}},
		{"split an indented import", "if x:\n    from old import a, b as c, d\n", "if x:\n    from new import a, d\n    from old import b as c\n", func(e Editor, c *Cell) TextEdit {
			inner := c.Root.NamedChildren()[0].Child("consequence").NamedChildren()[0]
			return e.SplitImport(inner, "new", []string{"a", "d"}, "old", []string{"b as c"})
		}},
		{"insert statement after", "def f(self):\n    super().__init__()\n    x = 1\n", "def f(self):\n    super().__init__()\n    self.g = G()\n    x = 1\n", func(e Editor, c *Cell) TextEdit {
			body := c.Root.NamedChildren()[0].Child("body")
			edit, ok := e.InsertStatementAfter(body.NamedChildren()[0], "self.g = G()")
			if !ok {
				t.Error("InsertStatementAfter refused a statement on its own line")
			}
			return edit
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := parseCell(0, tc.src, 0)
			if err != nil {
				t.Fatal(err)
			}
			got, err := applyEdits(tc.src, []TextEdit{tc.edit(Editor{c}, c)})
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
