package cellfix

import (
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
)

// This file is the Keras-level part of the semantic model: which user
// classes are Keras layers or models, which names hold symbolic Keras
// tensors during functional model construction, what simple assignments
// bind, and how many outputs a functional model was built with. It is
// computed once per document, on first use, and shared by every rule.

// KerasClass is a user class that subclasses a Keras Layer or Model
// (directly or via earlier user classes, across cells).
type KerasClass struct {
	Name string
	// Cell is the position in Document.Cells of the defining cell.
	Cell int
	// Node is the class_definition.
	Node *Node
	// IsModel is set for subclasses of Model or Sequential.
	IsModel bool
	// Bases are the resolved qualified names of the bases
	// ("tensorflow.keras.layers.Layer") or, for user classes, their names;
	// a base that resolves to neither is given as written.
	Bases []string
}

// tfKerasPrefixes are the module paths through which TensorFlow exposes
// Keras 2; TF 1.x-style notebooks import tensorflow.compat.v1 as tf.
var tfKerasPrefixes = []string{
	"tensorflow.python.keras", "tensorflow.keras",
	"tensorflow.compat.v1.keras", "tensorflow.compat.v2.keras",
}

// KerasSpelling maps a name reached through TensorFlow's Keras to its Keras
// 3 spelling ("tensorflow.keras.layers" → "keras.layers"); other names,
// including names already spelled keras.…, map to "".
func KerasSpelling(q string) string {
	for _, prefix := range tfKerasPrefixes {
		if q == prefix {
			return "keras"
		}
		if len(q) > len(prefix) && q[len(prefix)] == '.' && strings.HasPrefix(q, prefix) { // no prefix+"." string made per call
			return "keras" + q[len(prefix):]
		}
	}
	return ""
}

// InModule reports whether the dotted name q is module or lies inside it
// ("keras.layers.Dense" in "keras.layers", not in "keras.lay"), without
// making the string module+"." on every call.
func InModule(q, module string) bool {
	return len(q) >= len(module) && q[:len(module)] == module && (len(q) == len(module) || q[len(module)] == '.')
}

// KerasName returns the Keras 3 spelling of a qualified name that lies in
// Keras under either spelling ("tensorflow.keras.layers.Dense" and
// "keras.layers.Dense" both give "keras.layers.Dense"), else "".
func KerasName(q string) string {
	if k := KerasSpelling(q); k != "" {
		return k
	}
	if q == "keras" || strings.HasPrefix(q, "keras.") {
		return q
	}
	return ""
}

type scopeKey struct {
	cell  int   // -1 for the module scope, which spans cells
	scope *Node // nil for the module scope
	name  string
}

// assignment is one binding of a name by a simple assignment statement.
type assignment struct {
	cell int
	// end is the cell offset where the binding takes effect.
	end   int
	value *Node
	// unpacked: the name is one target of a tuple assignment, so value is
	// the whole right side rather than the name's own value.
	unpacked bool
}

type symKind uint8

const (
	symNone      symKind = iota
	symTensor            // a KerasTensor
	symContainer         // a list, tuple or dict holding KerasTensors
)

type kerasInfo struct {
	// parent, when set, holds the facts of the cells before this one's
	// first: a kernel session's history, which every check of a new cell
	// extends without changing it. Facts keyed by cell live where their
	// cell was indexed; module-level assignments of later cells are here.
	parent  *kerasInfo
	classes []*KerasClass
	byNode  map[Value]*KerasClass
	// visible[i] maps class names to the user Keras class visible in cell i.
	visible []map[string]*KerasClass
	assigns map[scopeKey][]assignment
	// unordered holds the keys of assigns whose list is not in document
	// order (by cell, then end), which lastAssign must search from the end.
	unordered map[scopeKey]bool
	// locals lists the names each function, lambda or comprehension binds,
	// so a lookup stops there instead of reaching a module-level name.
	locals map[Value]map[string]bool
	// cellOfRoot finds the cell (text) a node belongs to.
	cellOfRoot map[*Node]int
	// classRoles gives the role of every class definition, Keras or not;
	// classRoleByName is its module-level view while the build runs.
	classRoles      map[Value]KerasRole
	classRoleByName map[string]KerasRole
	// classDefs and functions list module-level definitions by name.
	classDefs map[string][]Value
	functions map[string][]Value
	// selfAttrs maps a class to the values its methods assign to
	// self.<attr>, by attr.
	selfAttrs map[Value]map[string][]Value

	mu    sync.Mutex
	kinds map[Value]symKind
}

// kerasFact is the document's Keras analysis. In a kernel session it is
// incremental: a document extending the session's history indexes only
// the cells after it, over the history's analysis (see Document.history).
var kerasFact = NewIncrementalFact("keras",
	func(d *Document) *kerasInfo {
		ki := newKerasInfo(nil)
		ki.index(d.model, 0)
		return ki
	},
	func(history *kerasInfo, d *Document, grow bool) *kerasInfo {
		ki := history // the history grows in place
		if !grow {
			ki = newKerasInfo(history)
		}
		ki.index(d.model, len(ki.visible))
		return ki
	})

// keras returns the model's Keras analysis, computed on first use.
func (m *Model) keras() *kerasInfo { return kerasFact.Of(m.doc) }

func newKerasInfo(parent *kerasInfo) *kerasInfo {
	ki := &kerasInfo{
		parent:          parent,
		byNode:          map[Value]*KerasClass{},
		assigns:         map[scopeKey][]assignment{},
		unordered:       map[scopeKey]bool{},
		locals:          map[Value]map[string]bool{},
		cellOfRoot:      map[*Node]int{},
		kinds:           map[Value]symKind{},
		classRoles:      map[Value]KerasRole{},
		classRoleByName: map[string]KerasRole{},
		classDefs:       map[string][]Value{},
		functions:       map[string][]Value{},
		selfAttrs:       map[Value]map[string][]Value{},
	}
	if parent != nil {
		// Borrowing parent's spare capacity, as extendModel does.
		ki.classes, ki.visible = parent.classes, parent.visible
	}
	return ki
}

// index adds the facts of the cells from position from on.
func (ki *kerasInfo) index(m *Model, from int) {
	seen := map[string]*KerasClass{}
	if from > 0 {
		seen = ki.visible[from-1]
	}
	for i := from; i < len(m.doc.Cells); i++ {
		c := m.doc.Cells[i]
		scope := seen
		if c.Root != nil {
			if _, ok := ki.cellOf(c.Root); !ok {
				ki.cellOfRoot[c.Root] = i
			}
			if strings.Contains(c.Masked, "class") {
				// Only a class definition adds to the scope: copy it then.
				scope = make(map[string]*KerasClass, len(seen)+1)
				for k, v := range seen {
					scope[k] = v
				}
			}
			ki.indexCell(m, i, c, scope)
		}
		ki.visible = append(ki.visible, scope)
		seen = scope
	}
}

// classAt returns the Keras class defined by node key, if any.
func (ki *kerasInfo) classAt(key Value) *KerasClass {
	for k := ki; k != nil; k = k.parent {
		if kc := k.byNode[key]; kc != nil {
			return kc
		}
	}
	return nil
}

// cellOf returns the first cell whose tree is root.
func (ki *kerasInfo) cellOf(root *Node) (int, bool) {
	if ki.parent != nil {
		if cell, ok := ki.parent.cellOf(root); ok {
			return cell, true
		}
	}
	cell, ok := ki.cellOfRoot[root]
	return cell, ok
}

// localNames returns the names bound locally in the scope key.
func (ki *kerasInfo) localNames(key Value) map[string]bool {
	for k := ki; k != nil; k = k.parent {
		if names := k.locals[key]; names != nil {
			return names
		}
	}
	return nil
}

// lastAssign returns the assignment under key in effect at pos of cell.
// A parent holds earlier cells only, so a match here is the later one.
func (ki *kerasInfo) lastAssign(key scopeKey, cell, pos int) (assignment, bool) {
	for k := ki; k != nil; k = k.parent {
		if a, ok := lastBefore(k.assigns[key], !k.unordered[key], cell, pos); ok {
			return a, true
		}
	}
	return assignment{}, false
}

// classRole returns the role of the class defined by node key.
func (ki *kerasInfo) classRole(key Value) (KerasRole, bool) {
	for k := ki; k != nil; k = k.parent {
		if r, ok := k.classRoles[key]; ok {
			return r, true
		}
	}
	return RoleUnknown, false
}

// classRoleNamed returns the role of the last module-level class name.
func (ki *kerasInfo) classRoleNamed(name string) (KerasRole, bool) {
	for k := ki; k != nil; k = k.parent {
		if r, ok := k.classRoleByName[name]; ok {
			return r, true
		}
	}
	return RoleUnknown, false
}

// selfAttrValues lists the values assigned to self.<attr> in the class
// defined by node key; a class stands in one cell, so one level has them.
func (ki *kerasInfo) selfAttrValues(key Value, attr string) []Value {
	for k := ki; k != nil; k = k.parent {
		if attrs, ok := k.selfAttrs[key]; ok {
			return attrs[attr]
		}
	}
	return nil
}

// lastDefinition returns the last module-level definition listed by defs
// that stands before offset at of cell. A parent holds earlier cells only.
func (ki *kerasInfo) lastDefinition(defs func(*kerasInfo) []Value, cell, at int) (Value, bool) {
	for k := ki; k != nil; k = k.parent {
		if v, ok := lastBeforeValue(defs(k), cell, at); ok {
			return v, true
		}
	}
	return Value{}, false
}

// indexCell records the cell's Keras classes, assignments and local names.
func (ki *kerasInfo) indexCell(m *Model, cell int, c *Cell, scope map[string]*KerasClass) {
	text := func(n *Node) string { return c.Masked[n.Start():n.End()] }
	c.Each(func(n *Node) bool {
		switch n.Type() {
		case "class_definition":
			ki.addClass(m, cell, c, n, scope)
			ki.addLocal(cell, n, n.Child("name"), c)
			if name := n.Child("name"); name != nil && scopeOf(n) == nil {
				ki.classDefs[text(name)] = append(ki.classDefs[text(name)], Value{cell, n})
			}
		case "function_definition":
			ki.addLocal(cell, n, n.Child("name"), c)
			if name := n.Child("name"); name != nil && scopeOf(n) == nil {
				ki.functions[text(name)] = append(ki.functions[text(name)], Value{cell, n})
			}
			ki.addParameters(cell, n, n.Child("parameters"), c)
		case "lambda":
			ki.addParameters(cell, n, n.Child("parameters"), c)
		case "assignment":
			ki.addAssignment(cell, c, n, n.Child("left"), n.Child("right"))
			ki.addSelfAttr(cell, c, n)
		case "augmented_assignment":
			if left := n.Child("left"); left != nil && left.Type() == "identifier" {
				ki.addAssign(cell, c, left, assignment{cell: cell, end: n.End(), value: n})
			}
		case "named_expression":
			if name := n.Child("name"); name != nil {
				ki.addAssign(cell, c, name, assignment{cell: cell, end: n.End(), value: n.Child("value")})
			}
		case "for_statement", "for_in_clause":
			ki.addTargets(cell, c, n.Child("left"))
		case "as_pattern":
			if a := n.Child("alias"); a != nil {
				ki.addTargets(cell, c, a)
			}
		case "import_statement", "import_from_statement":
			// Imports inside functions make local names; module-level ones
			// are the Model's bindings.
			if s := scopeOf(n); s != nil {
				for _, im := range ImportedNames(n) {
					name := im.Name
					if im.Alias != nil {
						name = im.Alias
					}
					if name != nil {
						ki.addLocal(cell, s, nil, c, strings.SplitN(text(name), ".", 2)[0])
					}
				}
			}
		}
		return true
	}, "class_definition", "function_definition", "lambda", "assignment", "augmented_assignment", "named_expression", "for_statement", "for_in_clause", "as_pattern", "import_statement", "import_from_statement")
}

func (ki *kerasInfo) addClass(m *Model, cell int, c *Cell, n *Node, scope map[string]*KerasClass) {
	name := n.Child("name")
	if name == nil {
		return
	}
	kc := &KerasClass{Name: c.Masked[name.Start():name.End()], Cell: cell, Node: n}
	isKeras := false
	for _, b := range n.Child("superclasses").NamedChildren() {
		if b.Type() != "identifier" && b.Type() != "attribute" {
			continue // keyword arguments such as metaclass=
		}
		written := c.Masked[b.Start():b.End()]
		if b.Type() == "identifier" {
			if user := scope[written]; user != nil {
				kc.Bases = append(kc.Bases, written)
				isKeras = true
				kc.IsModel = kc.IsModel || user.IsModel
				continue
			}
		}
		q := m.Resolve(cell, b)
		if q == "" {
			kc.Bases = append(kc.Bases, written)
			continue
		}
		kc.Bases = append(kc.Bases, q)
		if r := ClassifyKerasName(KerasName(q)); r.IsLayer() {
			isKeras = true
			kc.IsModel = kc.IsModel || r == RoleModel
		}
	}
	ki.classRoles[Value{cell, n}] = ki.baseRole(m, cell, c, n, scope)
	if scopeOf(n) == nil {
		ki.classRoleByName[kc.Name] = ki.classRoles[Value{cell, n}]
	}
	if !isKeras {
		// A non-Keras class shadows an earlier Keras class of that name.
		delete(scope, kc.Name)
		return
	}
	ki.classes = append(ki.classes, kc)
	ki.byNode[Value{cell, n}] = kc
	scope[kc.Name] = kc
}

// scopeOf returns the innermost function, lambda, class or comprehension
// holding n, or nil at module level.
func scopeOf(n *Node) *Node {
	// The analyses ask for the scope of most names: test each ancestor's
	// type number in a table rather than its type name against seven.
	isScope := scopeOfTypeIDs()
	for p := n.Parent; p != nil; p = p.Parent {
		if isScope[p.typ] {
			return p
		}
	}
	return nil
}

// scopeOfTypes are the types of the nodes scopeOf returns.
var scopeOfTypes = []string{"function_definition", "lambda", "class_definition",
	"list_comprehension", "dictionary_comprehension", "set_comprehension", "generator_expression"}

// scopeOfTypeIDs marks the type numbers (Node.typ) of scopeOfTypes.
var scopeOfTypeIDs = sync.OnceValue(func() []bool {
	g := pythonGrammar()
	is := make([]bool, len(g.typeIDs)+1)
	for _, t := range scopeOfTypes {
		is[g.typeIDs[t]] = true
	}
	return is
})

// addLocal marks a name as bound in scope s (s's own name goes to the scope
// that holds s, so pass the definition node and its name node).
func (ki *kerasInfo) addLocal(cell int, s, nameNode *Node, c *Cell, names ...string) {
	if nameNode != nil {
		s = scopeOf(s)
		names = append(names, c.Masked[nameNode.Start():nameNode.End()])
	}
	if s == nil {
		return
	}
	key := Value{cell, s}
	if ki.locals[key] == nil {
		ki.locals[key] = map[string]bool{}
	}
	for _, name := range names {
		ki.locals[key][name] = true
	}
}

func (ki *kerasInfo) addParameters(cell int, fn, params *Node, c *Cell) {
	for _, p := range params.NamedChildren() {
		id := p
		switch p.Type() {
		case "default_parameter", "typed_default_parameter":
			id = p.Child("name")
		case "typed_parameter", "list_splat_pattern", "dictionary_splat_pattern":
			id = nil
			for _, ch := range p.NamedChildren() {
				if ch.Type() == "identifier" {
					id = ch
					break
				}
			}
		}
		if id != nil && id.Type() == "identifier" {
			ki.addLocal(cell, fn, nil, c, c.Masked[id.Start():id.End()])
		}
	}
}

// addAssignment records left = right, including chains (a = b = x) and
// tuple targets.
func (ki *kerasInfo) addAssignment(cell int, c *Cell, as, left, right *Node) {
	if left == nil {
		return
	}
	for right != nil && right.Type() == "assignment" {
		right = right.Child("right")
	}
	switch left.Type() {
	case "identifier":
		ki.addAssign(cell, c, left, assignment{cell: cell, end: as.End(), value: right})
	case "pattern_list", "tuple_pattern", "list_pattern":
		for _, t := range left.NamedChildren() {
			if t.Type() == "identifier" {
				ki.addAssign(cell, c, t, assignment{cell: cell, end: as.End(), value: right, unpacked: true})
			}
		}
	}
}

// addTargets records names bound by loops and with-statements, whose values
// are not tracked.
func (ki *kerasInfo) addTargets(cell int, c *Cell, target *Node) {
	if target == nil {
		return
	}
	target.Walk(func(t *Node) bool {
		if t.Type() == "identifier" && (t.Parent == nil || t.Parent.Type() != "attribute") {
			ki.addAssign(cell, c, t, assignment{cell: cell, end: t.End()})
		}
		return t.Type() != "attribute" && t.Type() != "subscript"
	})
}

func (ki *kerasInfo) addAssign(cell int, c *Cell, name *Node, a assignment) {
	key := scopeKey{cell: -1, name: c.Masked[name.Start():name.End()]}
	if s := scopeOf(name); s != nil {
		key.cell, key.scope = cell, s
		ki.addLocal(cell, s, nil, c, key.name)
	}
	if l := ki.assigns[key]; len(l) > 0 && (a.cell < l[len(l)-1].cell || (a.cell == l[len(l)-1].cell && a.end < l[len(l)-1].end)) {
		ki.unordered[key] = true
	}
	ki.assigns[key] = append(ki.assigns[key], a)
}

// lookup finds the assignment of name that is in effect at node at of
// cell, following Python's scoping: the enclosing functions, skipping class
// bodies, then the module, where earlier cells count. ok is false when the
// name is bound in a way that is not tracked (parameter, loop variable).
func (ki *kerasInfo) lookup(cell int, name string, at *Node) (a assignment, ok bool) {
	pos := at.Start()
	first := true
	for s := scopeOf(at); s != nil; s = scopeOf(s) {
		if s.Type() == "class_definition" && !first {
			pos = s.Start()
			continue
		}
		first = false
		if a, ok := ki.lastAssign(scopeKey{cell, s, name}, cell, pos); ok {
			return a, a.value != nil
		}
		if ki.localNames(Value{cell, s})[name] {
			return assignment{}, false
		}
		pos = s.Start()
	}
	a, ok = ki.lastAssign(scopeKey{cell: -1, name: name}, cell, pos)
	return a, ok && a.value != nil
}

// lookupIdent is lookup for an identifier that may also be an assignment
// target, in which case the assignment it stands in is the answer.
func (ki *kerasInfo) lookupIdent(cell int, src string, id *Node) (assignment, bool) {
	as := id.Parent
	for as != nil && (as.Type() == "pattern_list" || as.Type() == "tuple_pattern" || as.Type() == "list_pattern") {
		as = as.Parent
	}
	if as != nil && as.Type() == "assignment" && as.Child("left") != nil && as.Child("left").Start() <= id.Start() && id.End() <= as.Child("left").End() {
		right := as.Child("right")
		for right != nil && right.Type() == "assignment" {
			right = right.Child("right")
		}
		return assignment{cell: cell, end: as.End(), value: right, unpacked: id.Parent != as}, right != nil
	}
	return ki.lookup(cell, src[id.Start():id.End()], id)
}

// searchAssigns says whether lastBefore searches a list in document order
// rather than ranging over it from the end (a variable for tests, which
// compare both ways); assignsSearched counts the searches.
var (
	searchAssigns   = true
	assignsSearched atomic.Int64
)

// lastBefore returns the last assignment in effect at pos of cell. In a
// list in document order, the assignments in effect come first, so a
// binary search finds the last: a name assigned on every line of a large
// script is looked up once per use, and ranging over its list each time
// cost the square of the script.
func lastBefore(list []assignment, ordered bool, cell, pos int) (assignment, bool) {
	inEffect := func(a assignment) bool { return a.cell < cell || (a.cell == cell && a.end <= pos) }
	if ordered && searchAssigns {
		assignsSearched.Add(1)
		i := sort.Search(len(list), func(i int) bool { return !inEffect(list[i]) })
		if i == 0 {
			return assignment{}, false
		}
		return list[i-1], true
	}
	for i := len(list) - 1; i >= 0; i-- {
		if a := list[i]; inEffect(a) {
			return a, true
		}
	}
	return assignment{}, false
}

func (m *Model) cellText(cell int) string { return m.doc.Cells[cell].Masked }

// Method returns the method called name defined in kc's own body, or nil.
func (m *Model) Method(kc *KerasClass, name string) *Node {
	src := m.cellText(kc.Cell)
	for _, stmt := range kc.Node.Child("body").NamedChildren() {
		if stmt.Type() == "decorated_definition" {
			stmt = stmt.Child("definition")
		}
		if stmt != nil && stmt.Type() == "function_definition" {
			if n := stmt.Child("name"); n != nil && src[n.Start():n.End()] == name {
				return stmt
			}
		}
	}
	return nil
}

// InheritedMethod is Method that also searches kc's user base classes
// (Keras's own base classes are not searched).
func (m *Model) InheritedMethod(kc *KerasClass, name string) *Node {
	seen := map[*KerasClass]bool{}
	var find func(k *KerasClass) *Node
	find = func(k *KerasClass) *Node {
		if k == nil || seen[k] {
			return nil
		}
		seen[k] = true
		if fn := m.Method(k, name); fn != nil {
			return fn
		}
		for _, b := range k.Bases {
			if base := m.KerasClass(k.Cell, b); base != nil && base != k {
				if fn := find(base); fn != nil {
					return fn
				}
			}
		}
		return nil
	}
	return find(kc)
}

// KerasClasses lists the user Keras classes in document order.
func (m *Model) KerasClasses() []*KerasClass { return m.keras().classes }

// KerasClassesIn returns the Keras classes defined in the cell at position
// cell: rules that look at the classes of their own cell need not go
// through the whole history's.
func (m *Model) KerasClassesIn(cell int) []*KerasClass {
	if cell >= 0 && cell < len(m.doc.Cells) && len(m.doc.Cells[cell].NodesOf("class_definition")) == 0 {
		// Classes come from class definitions: a cell without any has
		// none, and the document's analysis need not be made for it (a
		// composed fix checks a planned copy of the document, compose.go).
		return nil
	}
	all := m.keras().classes
	lo := sort.Search(len(all), func(i int) bool { return all[i].Cell >= cell })
	hi := sort.Search(len(all), func(i int) bool { return all[i].Cell > cell })
	return all[lo:hi]
}

// KerasClass returns the user Keras class named name that is visible in the
// cell at position cell, or nil.
func (m *Model) KerasClass(cell int, name string) *KerasClass {
	ki := m.keras()
	if cell < 0 || cell >= len(ki.visible) {
		return nil
	}
	return ki.visible[cell][name]
}

// EnclosingKerasClass returns the Keras class whose body holds n, or nil
// when the innermost class around n is not a Keras class.
func (m *Model) EnclosingKerasClass(cell int, n *Node) *KerasClass {
	for p := n.Ancestor("class_definition"); p != nil; p = p.Ancestor("class_definition") {
		body := p.Child("body")
		if body != nil && body.Start() <= n.Start() && n.End() <= body.End() {
			return m.keras().classAt(Value{cell, p})
		}
	}
	return nil
}

// EnclosingMethod returns the nearest function definition around n that
// stands directly in a class body, and its name.
func (m *Model) EnclosingMethod(n *Node) (*Node, string) {
	for p := n.Ancestor("function_definition"); p != nil; p = p.Ancestor("function_definition") {
		if !IsMethod(p) {
			continue
		}
		name := p.Child("name")
		cell, ok := m.keras().cellOf(p.Root())
		if name == nil || !ok {
			return p, ""
		}
		return p, m.cellText(cell)[name.Start():name.End()]
	}
	return nil, ""
}

// IsMethod reports whether a function_definition stands directly in a
// class body (possibly decorated).
func IsMethod(fn *Node) bool {
	p := fn.Parent
	if p != nil && p.Type() == "decorated_definition" {
		p = p.Parent
	}
	return p != nil && p.Type() == "block" && p.Parent != nil && p.Parent.Type() == "class_definition"
}

// ValueOf returns the expression last assigned to the identifier ident at
// its position, and the cell holding that expression, or nil when the name
// is not bound by a simple assignment (tuple targets, parameters, loop
// variables and imports give nil).
func (m *Model) ValueOf(cell int, ident *Node) (valueCell int, value *Node) {
	if ident == nil || ident.Type() != "identifier" || cell < 0 || cell >= len(m.doc.Cells) {
		return cell, nil
	}
	a, ok := m.keras().lookupIdent(cell, m.cellText(cell), ident)
	if !ok || a.unpacked {
		return cell, nil
	}
	return a.cell, a.value
}

// Unwrap follows parentheses and, for an identifier, simple assignments
// (up to a few steps) to the expression that produced a value.
func (m *Model) Unwrap(cell int, n *Node) (int, *Node) {
	for range 8 {
		switch {
		case n == nil:
			return cell, nil
		case n.Type() == "parenthesized_expression" && len(n.NamedChildren()) == 1:
			n = n.NamedChildren()[0]
		case n.Type() == "identifier":
			c, v := m.ValueOf(cell, n)
			if v == nil {
				return cell, n
			}
			cell, n = c, v
		default:
			return cell, n
		}
	}
	return cell, n
}

// InstanceOf returns the user Keras class that expr is an instance of when
// that is visible: expr is MyLayer(...) or a name assigned from it.
func (m *Model) InstanceOf(cell int, expr *Node) *KerasClass {
	cell, expr = m.Unwrap(cell, expr)
	if expr == nil || expr.Type() != "call" {
		return nil
	}
	fn := expr.Child("function")
	if fn == nil || fn.Type() != "identifier" {
		return nil
	}
	return m.KerasClass(cell, m.cellText(cell)[fn.Start():fn.End()])
}

// IsSymbolic reports whether expression n holds a symbolic Keras tensor:
// the result of keras.Input(...), a name assigned from one, or a layer or
// keras function applied to one during functional model construction.
// Code inside a Keras class's call() is never symbolic here: there the
// inputs are real tensors when the layer runs eagerly.
func (m *Model) IsSymbolic(cell int, n *Node) bool {
	return m.symbolic(cell, n) == symTensor
}

// HoldsSymbolic is IsSymbolic extended to lists, tuples and dicts holding
// a symbolic tensor, and names bound to them.
func (m *Model) HoldsSymbolic(cell int, n *Node) bool {
	return m.symbolic(cell, n) != symNone
}

func (m *Model) symbolic(cell int, n *Node) symKind {
	if n == nil || cell < 0 || cell >= len(m.doc.Cells) {
		return symNone
	}
	if kc := m.EnclosingKerasClass(cell, n); kc != nil {
		if _, name := m.EnclosingMethod(n); name == "call" {
			return symNone
		}
	}
	ki := m.keras()
	ki.mu.Lock()
	defer ki.mu.Unlock()
	return m.kindOf(ki, cell, n, 0)
}

// maxSymbolicDepth bounds the recursion through assignments and nesting.
const maxSymbolicDepth = 64

// pythonBuiltins never return a KerasTensor, even when given one.
var pythonBuiltins = map[string]bool{
	"print": true, "len": true, "type": true, "isinstance": true, "str": true, "repr": true,
	"id": true, "hasattr": true, "getattr": true, "setattr": true, "list": true, "tuple": true,
	"dict": true, "set": true, "bool": true, "int": true, "float": true, "sorted": true,
	"enumerate": true, "zip": true, "range": true, "vars": true, "dir": true, "format": true,
}

func (m *Model) kindOf(ki *kerasInfo, cell int, n *Node, depth int) (kind symKind) {
	if n == nil || depth > maxSymbolicDepth {
		return symNone
	}
	key := Value{cell, n}
	if k, ok := ki.kinds[key]; ok {
		return k
	}
	ki.kinds[key] = symNone // guards against cycles
	defer func() { ki.kinds[key] = kind }()
	src := m.cellText(cell)
	sub := func(x *Node) symKind { return m.kindOf(ki, cell, x, depth+1) }
	switch n.Type() {
	case "parenthesized_expression":
		for _, ch := range n.NamedChildren() {
			return sub(ch)
		}
	case "identifier":
		a, ok := ki.lookupIdent(cell, src, n)
		if !ok {
			return symNone
		}
		k := m.kindOf(ki, a.cell, a.value, depth+1)
		if a.unpacked && k != symNone {
			return symTensor // x, h, c = layers.LSTM(..., return_state=True)(inputs)
		}
		return k
	case "augmented_assignment":
		return combine(sub(n.Child("left")), sub(n.Child("right")))
	case "subscript":
		if sub(n.Child("value")) != symNone {
			return symTensor
		}
	case "binary_operator":
		return combine(sub(n.Child("left")), sub(n.Child("right")))
	case "unary_operator":
		if sub(n.Child("argument")) != symNone {
			return symTensor
		}
	case "conditional_expression":
		k := symNone
		for _, ch := range n.NamedChildren() {
			k = max(k, sub(ch))
		}
		return k
	case "list", "tuple", "set", "expression_list":
		for _, ch := range n.NamedChildren() {
			if sub(ch) != symNone {
				return symContainer
			}
		}
	case "dictionary":
		for _, pair := range n.NamedChildren() {
			if pair.Type() == "pair" && sub(pair.Child("value")) != symNone {
				return symContainer
			}
		}
	case "call":
		return m.callKind(ki, cell, n, depth)
	}
	return symNone
}

// combine gives the kind of a binary operation: arithmetic with a tensor
// gives a tensor, list concatenation keeps a container.
func combine(a, b symKind) symKind {
	if a == symTensor || b == symTensor {
		return symTensor
	}
	return max(a, b)
}

func (m *Model) callKind(ki *kerasInfo, cell int, n *Node, depth int) symKind {
	fn := n.Child("function")
	if fn == nil {
		return symNone
	}
	q := m.Resolve(cell, fn)
	k := KerasName(q)
	if k == "keras.Input" || k == "keras.layers.Input" {
		return symTensor
	}
	anySymbolic := false
	for _, arg := range n.Child("arguments").NamedChildren() {
		if arg.Type() == "keyword_argument" {
			arg = arg.Child("value")
		} else if arg.Type() == "list_splat" || arg.Type() == "dictionary_splat" {
			if ch := arg.NamedChildren(); len(ch) == 1 {
				arg = ch[0]
			}
		}
		if m.kindOf(ki, cell, arg, depth+1) != symNone {
			anySymbolic = true
			break
		}
	}
	if !anySymbolic {
		return symNone
	}
	if constructsObject(m, cell, fn, k) {
		return symNone // keras.Model(inputs, outputs), MyLayer(x): a model or layer
	}
	switch {
	case k != "":
		return symTensor // keras.ops.*, layers.concatenate(...)
	case strings.HasPrefix(q, "tensorflow."):
		// An error at run time, but once rewritten to keras.ops it is a
		// KerasTensor; treating it as one lets later uses be checked too.
		return symTensor
	case q != "":
		return symNone // numpy and other libraries
	case fn.Type() == "call":
		return symTensor // layers.Dense(4)(x), MyLayer()(x)
	case fn.Type() == "identifier":
		return boolKind(!pythonBuiltins[m.cellText(cell)[fn.Start():fn.End()]])
	case fn.Type() == "attribute":
		// A method of a symbolic value (x.numpy()) is not a layer call; an
		// attribute holding a layer (self.dense, blocks.conv) is.
		if m.kindOf(ki, cell, fn.Child("object"), depth+1) != symNone {
			return symNone
		}
		return symTensor
	}
	return symNone
}

// constructsObject reports whether fn is a class: a capitalised Keras name
// (keras.Model, layers.Dense) or a user Keras class.
func constructsObject(m *Model, cell int, fn *Node, k string) bool {
	if k != "" {
		last := k[strings.LastIndexByte(k, '.')+1:]
		return last != "" && unicode.IsUpper(rune(last[0]))
	}
	return fn.Type() == "identifier" && m.KerasClass(cell, m.cellText(cell)[fn.Start():fn.End()]) != nil
}

func boolKind(b bool) symKind {
	if b {
		return symTensor
	}
	return symNone
}

// IsKerasModelCall reports whether call constructs a functional model:
// keras.Model(...) or keras.models.Model(...) under any spelling.
func (m *Model) IsKerasModelCall(cell int, call *Node) bool {
	if call == nil || call.Type() != "call" {
		return false
	}
	k := KerasName(m.Resolve(cell, call.Child("function")))
	return k == "keras.Model" || k == "keras.models.Model"
}

// ModelOutputs returns the number of outputs of the functional model
// keras.Model(inputs, outputs) last bound to name at module level in the
// cells up to cell, or 0 when that is not visible.
func (m *Model) ModelOutputs(cell int, name string) int {
	ki := m.keras()
	if cell < 0 || cell >= len(m.doc.Cells) {
		return 0
	}
	a, ok := ki.lastAssign(scopeKey{cell: -1, name: name}, cell, len(m.doc.Cells[cell].Masked)+1)
	if !ok || a.unpacked || a.value == nil {
		return 0
	}
	return m.FunctionalOutputs(a.cell, a.value)
}

// FunctionalOutputs returns the number of outputs the functional model
// built by call (keras.Model(inputs, outputs)) has, or 0 when unknown.
func (m *Model) FunctionalOutputs(cell int, call *Node) int {
	if !m.IsKerasModelCall(cell, call) {
		return 0
	}
	outs := ArgsOf(m.doc.Cells[cell], call).Value(1, "outputs")
	if outs == nil {
		return 0
	}
	c, v := m.Unwrap(cell, outs)
	if v == nil {
		return 0
	}
	switch v.Type() {
	case "list", "tuple":
		return len(nonComments(v.NamedChildren()))
	case "dictionary":
		n := 0
		for _, p := range v.NamedChildren() {
			if p.Type() == "pair" {
				n++
			}
		}
		return n
	}
	if m.IsSymbolic(c, v) {
		return 1
	}
	return 0
}

func nonComments(list []*Node) []*Node {
	out := list[:0:0]
	for _, n := range list {
		if n.Type() != "comment" {
			out = append(out, n)
		}
	}
	return out
}

// Value is a node in some cell of the document: an expression, a
// definition, or a key for per-node facts. A kernel session's parse cache
// shares one tree between cells of equal text, so a node alone does not
// say which cell it stands in.
type Value struct {
	// Cell is the position in Document.Cells.
	Cell int
	Node *Node
}

// baseRole works out the role of a class from its bases: a model if any
// base is a model, else a layer if any is a layer, and so on; a class with
// a base that cannot be resolved, and no Keras base, is unknown.
func (ki *kerasInfo) baseRole(m *Model, cell int, c *Cell, n *Node, scope map[string]*KerasClass) KerasRole {
	best, complete := RoleOther, true
	for _, b := range n.Child("superclasses").NamedChildren() {
		if b.Type() != "identifier" && b.Type() != "attribute" {
			continue // keyword arguments such as metaclass=
		}
		r := RoleUnknown
		if q := m.Resolve(cell, b); q != "" {
			r = ClassifyKerasName(KerasName(q))
		} else if b.Type() == "identifier" {
			name := c.Masked[b.Start():b.End()]
			if user := scope[name]; user != nil {
				r = RoleLayer
				if user.IsModel {
					r = RoleModel
				}
			} else if known, ok := ki.classRoleNamed(name); ok {
				r = known
			}
		}
		if r == RoleUnknown {
			complete = false
		}
		best = max(best, r)
	}
	if best == RoleOther && !complete {
		return RoleUnknown
	}
	return best
}

// addSelfAttr records self.<attr> = value inside a method of a class.
func (ki *kerasInfo) addSelfAttr(cell int, c *Cell, as *Node) {
	left, right := as.Child("left"), as.Child("right")
	if left == nil || right == nil || left.Type() != "attribute" {
		return
	}
	obj, attr := left.Child("object"), left.Child("attribute")
	if obj == nil || attr == nil || obj.Type() != "identifier" || c.Masked[obj.Start():obj.End()] != "self" {
		return
	}
	class := as.Ancestor("class_definition")
	if class == nil {
		return
	}
	for right.Type() == "assignment" && right.Child("right") != nil {
		right = right.Child("right")
	}
	key := Value{cell, class}
	if ki.selfAttrs[key] == nil {
		ki.selfAttrs[key] = map[string][]Value{}
	}
	name := c.Masked[attr.Start():attr.End()]
	ki.selfAttrs[key][name] = append(ki.selfAttrs[key][name], Value{cell, right})
}

// ClassRole returns the role of a class defined in the cell at position
// cell: what its instances are.
func (m *Model) ClassRole(cell int, class *Node) KerasRole {
	if r, ok := m.keras().classRole(Value{cell, class}); ok {
		return r
	}
	return RoleUnknown
}

// SelfAttrValues lists the values the methods of the class around n
// assign to self.<attr>, for n an attribute self.<attr>.
func (m *Model) SelfAttrValues(cell int, n *Node) []Value {
	if n == nil || n.Type() != "attribute" {
		return nil
	}
	obj, attr := n.Child("object"), n.Child("attribute")
	src := m.cellText(cell)
	if obj == nil || attr == nil || obj.Type() != "identifier" || src[obj.Start():obj.End()] != "self" {
		return nil
	}
	class := n.Ancestor("class_definition")
	if class == nil {
		return nil
	}
	return m.keras().selfAttrValues(Value{cell, class}, src[attr.Start():attr.End()])
}

// KerasAncestors lists, in Keras 3 spelling, the Keras classes kc derives
// from, following its user base classes.
func (m *Model) KerasAncestors(kc *KerasClass) []string {
	var out []string
	seen := map[*KerasClass]bool{}
	var walk func(k *KerasClass)
	walk = func(k *KerasClass) {
		if k == nil || seen[k] {
			return
		}
		seen[k] = true
		for _, b := range k.Bases {
			if name := KerasName(b); name != "" {
				out = append(out, name)
			} else if base := m.KerasClass(k.Cell, b); base != nil && base != k {
				walk(base)
			}
		}
	}
	walk(kc)
	return out
}

// ConstructedKerasNames returns, in Keras 3 spelling, the Keras class a
// callee constructs and, for a user class, the Keras classes it derives from.
func (m *Model) ConstructedKerasNames(cell int, callee *Node) []string {
	if callee == nil {
		return nil
	}
	if q := m.Resolve(cell, callee); q != "" {
		if k := KerasName(q); k != "" {
			return []string{k}
		}
		return nil
	}
	if callee.Type() != "identifier" {
		return nil
	}
	src := m.cellText(cell)
	return m.KerasAncestors(m.KerasClass(cell, src[callee.Start():callee.End()]))
}

// maxRoleDepth bounds RoleOf's walk through assignments and functions.
const maxRoleDepth = 8

// RoleOf is the type fact of an expression: what the value of n, in the
// cell at position cell, is (a layer, a model, an optimizer ...). It
// follows assignments, functions of the notebook (by what they return),
// classes of the notebook (by their bases) and self.<attr> set in the
// class's methods. It never guesses from names: what it cannot see is
// RoleUnknown.
func (m *Model) RoleOf(cell int, n *Node) KerasRole { return m.roleOf(cell, n, 0) }

func (m *Model) roleOf(cell int, n *Node, depth int) KerasRole {
	if n == nil || depth > maxRoleDepth || cell < 0 || cell >= len(m.doc.Cells) {
		return RoleUnknown
	}
	src := m.cellText(cell)
	switch n.Type() {
	case "parenthesized_expression":
		if ch := n.NamedChildren(); len(ch) == 1 {
			return m.roleOf(cell, ch[0], depth+1)
		}
	case "call":
		return m.callRole(cell, n, depth)
	case "identifier":
		if m.Resolve(cell, n) != "" {
			return RoleOther // a module or a class, not an instance
		}
		if src[n.Start():n.End()] == "self" {
			if class := n.Ancestor("class_definition"); class != nil {
				return m.ClassRole(cell, class)
			}
		}
		c, v := m.ValueOf(cell, n)
		if v == nil {
			return RoleUnknown
		}
		return m.roleOf(c, v, depth+1)
	case "attribute":
		if m.Resolve(cell, n) != "" {
			return RoleOther
		}
		if values := m.SelfAttrValues(cell, n); len(values) > 0 {
			return m.combinedRole(values, depth)
		}
		// A callback's self.model is the model it is attached to.
		if obj, attr := n.Child("object"), n.Child("attribute"); obj != nil && attr != nil &&
			src[attr.Start():attr.End()] == "model" && m.roleOf(cell, obj, depth+1) == RoleCallback {
			return RoleModel
		}
		return RoleUnknown
	case "string", "concatenated_string", "integer", "float", "list", "tuple", "dictionary", "set",
		"list_comprehension", "dictionary_comprehension", "set_comprehension", "true", "false", "none":
		return RoleOther
	}
	return RoleUnknown
}

// combinedRole is the role of a value that is one of values: a model if
// any is, else their common role, else unknown.
func (m *Model) combinedRole(values []Value, depth int) KerasRole {
	role := RoleUnknown
	for i, v := range values {
		r := m.roleOf(v.Cell, v.Node, depth+1)
		if r == RoleModel {
			return RoleModel
		}
		if i == 0 {
			role = r
		} else if r != role {
			role = RoleUnknown
		}
	}
	return role
}

func (m *Model) callRole(cell int, call *Node, depth int) KerasRole {
	fn := call.Child("function")
	if fn == nil {
		return RoleUnknown
	}
	if q := m.Resolve(cell, fn); q != "" {
		return ClassifyKerasName(KerasName(q)) // another library's object is RoleOther
	}
	if fn.Type() != "identifier" {
		return RoleUnknown
	}
	name := m.cellText(cell)[fn.Start():fn.End()]
	if kc := m.KerasClass(cell, name); kc != nil {
		if kc.IsModel {
			return RoleModel
		}
		return RoleLayer
	}
	ki := m.keras()
	class, hasClass := ki.lastDefinition(func(k *kerasInfo) []Value { return k.classDefs[name] }, cell, call.Start())
	fun, hasFun := ki.lastDefinition(func(k *kerasInfo) []Value { return k.functions[name] }, cell, call.Start())
	switch {
	case hasClass && (!hasFun || before(fun, class)):
		return m.ClassRole(class.Cell, class.Node)
	case hasFun:
		return m.returnRole(fun, depth)
	}
	return RoleUnknown
}

// returnRole is the combined role of what a function returns.
func (m *Model) returnRole(fn Value, depth int) KerasRole {
	var returned []Value
	body := fn.Node.Child("body")
	if body == nil {
		return RoleUnknown
	}
	body.Walk(func(n *Node) bool {
		switch n.Type() {
		case "function_definition", "class_definition", "lambda":
			return false
		case "return_statement":
			if v := n.NamedChildren(); len(v) == 1 {
				returned = append(returned, Value{fn.Cell, v[0]})
			}
		}
		return true
	})
	if len(returned) == 0 {
		return RoleOther // returns None
	}
	return m.combinedRole(returned, depth)
}

// lastBeforeValue returns the last definition in list that stands before
// offset at of cell.
func lastBeforeValue(list []Value, cell, at int) (Value, bool) {
	for i := len(list) - 1; i >= 0; i-- {
		if v := list[i]; v.Cell < cell || (v.Cell == cell && v.Node.Start() < at) {
			return v, true
		}
	}
	return Value{}, false
}

func before(a, b Value) bool {
	return a.Cell < b.Cell || (a.Cell == b.Cell && a.Node.Start() < b.Node.Start())
}

// TensorFlowName returns the TensorFlow name q stands for, or "" when q is
// not TensorFlow or is tf.keras (which is Keras). tf.compat.v2 is
// TensorFlow 2's API under another name.
func TensorFlowName(q string) string {
	if !strings.HasPrefix(q, "tensorflow.") || KerasName(q) != "" {
		return ""
	}
	if rest, ok := strings.CutPrefix(q, "tensorflow.compat.v2."); ok {
		return "tensorflow." + rest
	}
	return q
}
