package rules

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestRuleFilesAreIsolated keeps rule logic apart: a rule file never refers
// to a top-level identifier declared in another rule file. What several
// rules need lives in package cellfix or in a shared file of this package.
//
// A rule file is a non-test file of this package whose init function calls
// register(...). Every other non-test file is shared: rules.go (the
// registry), kerasnames.go, tf_on_purpose.go and the like; any file may
// use what they declare. Shared files may not use what a rule file
// declares either.
func TestRuleFilesAreIsolated(t *testing.T) {
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	declaredIn := map[string]string{} // top-level identifier -> file
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatalf("parse %s: %v", path, err)
		}
		files[path] = f
		for _, name := range topLevelNames(f) {
			declaredIn[name] = path
		}
	}
	ruleFiles := 0
	for path, f := range files {
		if registersRule(f) {
			ruleFiles++
		}
		seen := map[string]bool{}
		var visit func(n ast.Node) bool
		visit = func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				// x.Name names a field or method, not a top-level identifier.
				ast.Inspect(sel.X, visit)
				return false
			}
			id, ok := n.(*ast.Ident)
			if !ok || seen[id.Name] {
				return true
			}
			// Neither a rule file nor a shared file may lean on what a
			// rule file declares: shared code that did would tie every
			// rule to that one.
			if other, ok := declaredIn[id.Name]; ok && other != path && registersRule(files[other]) {
				seen[id.Name] = true
				t.Errorf("%s: uses %s, declared in rule file %s; move it to package cellfix or a shared file", path, id.Name, other)
			}
			return true
		}
		ast.Inspect(f, visit)
	}
	if ruleFiles < 10 {
		t.Fatalf("found %d rule files; the register(...) detection is broken", ruleFiles)
	}
}

// topLevelNames lists the functions (not methods), types, variables and
// constants a file declares at top level.
func topLevelNames(f *ast.File) []string {
	var names []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name != "init" {
				names = append(names, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					names = append(names, s.Name.Name)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.Name != "_" {
							names = append(names, n.Name)
						}
					}
				}
			}
		}
	}
	sort.Strings(names)
	return names
}

// registersRule reports whether a file calls register(...) in an init
// function: the mark of a rule file.
func registersRule(f *ast.File) bool {
	found := false
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || fn.Name.Name != "init" || fn.Body == nil {
			continue
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "register" {
					found = true
				}
			}
			return !found
		})
	}
	return found
}
