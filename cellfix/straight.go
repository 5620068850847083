package cellfix

// RunsOnceInOrder reports whether n stands in straight-line module code:
// no function, class, lambda, loop, branch, try, with or comprehension
// encloses it. Such code runs once, when the script (or the notebook, cell
// by cell) reaches it, so what it does precedes everything written after
// it in document order.
func RunsOnceInOrder(n *Node) bool {
	for a := n.Parent; a != nil; a = a.Parent {
		switch a.Type() {
		case "module":
			return true
		case "function_definition", "class_definition", "lambda", "decorated_definition",
			"for_statement", "while_statement", "if_statement", "try_statement", "with_statement", "match_statement",
			"list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression",
			"conditional_expression", "boolean_operator":
			return false
		}
	}
	return false
}
