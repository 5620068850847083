#include "flatten.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

// flatten_tree writes the visible nodes of tree into out in preorder and
// returns their number. When that number exceeds cap, it writes nothing and
// returns the number, so that the caller can grow its buffer and call again.
// The walk uses tree-sitter's cursor, which keeps its own stack on the heap:
// nesting depth does not grow the C stack. *depth is set to the depth of
// the deepest node (the root's is 0) when the nodes are written.
uint32_t flatten_tree(const TSTree *tree, flat_node *out, uint32_t cap, uint32_t *depth) {
	TSNode root = ts_tree_root_node(tree);
	uint32_t total = ts_node_descendant_count(root);
	if (total > cap) {
		return total;
	}
	TSTreeCursor cursor = ts_tree_cursor_new(root);
	uint32_t n = 0;
	uint32_t parent = FLAT_NO_PARENT;
	uint32_t level = 0;
	*depth = 0;
	for (;;) {
		if (n == cap) {
			// The descendant count promised fewer nodes than the walk
			// finds; report one more than fits so the caller retries
			// with room to spare.
			ts_tree_cursor_delete(&cursor);
			return cap + 1;
		}
		TSNode node = ts_tree_cursor_current_node(&cursor);
		flat_node *f = &out[n];
		f->start = ts_node_start_byte(node);
		f->end = ts_node_end_byte(node);
		f->parent = parent;
		f->child_count = 0;
		f->symbol = ts_node_symbol(node);
		f->field = ts_tree_cursor_current_field_id(&cursor);
		f->missing = ts_node_is_missing(node);
		if (parent != FLAT_NO_PARENT) {
			out[parent].child_count++;
		}
		uint32_t self = n++;
		if (ts_tree_cursor_goto_first_child(&cursor)) {
			parent = self;
			if (++level > *depth) {
				*depth = level;
			}
			continue;
		}
		while (!ts_tree_cursor_goto_next_sibling(&cursor)) {
			if (!ts_tree_cursor_goto_parent(&cursor)) {
				ts_tree_cursor_delete(&cursor);
				return n;
			}
			parent = out[parent].parent;
			level--;
		}
	}
}

// parse_flatten parses sources one after another with parser and writes
// the visible nodes of each tree into out, each tree's after the last one's,
// with parent indices counted from the tree's own first node. Source i is
// text[bounds[i]:bounds[i+1]]; outcomes[i] says what became of it. It stops
// at a source whose parse gave no tree, or whose nodes do not fit in what
// is left of out: that tree goes to the caller in *unfit (to flatten into
// more room and delete) and its outcome's nodes say how many it has. It
// returns the number of sources done before it stopped, else n.
//
// Why one call for many cells: a cgo call that lasts as long as a parse
// lets the Go scheduler hand the calling thread's processor to another
// thread when no processor is idle (as with GOMAXPROCS set; see
// batchWorkers), and that hand-off, repeated for every small cell, cost a
// seventh of checking a folder of notebooks on one CPU. It also spares
// go-tree-sitter's copy of each source and the finalizer of each tree.
uint32_t parse_flatten(TSParser *parser, const char *text, const uint32_t *bounds, uint32_t n,
                       flat_node *out, uint32_t cap, parse_outcome *outcomes, TSTree **unfit) {
	uint32_t used = 0;
	*unfit = NULL;
	for (uint32_t i = 0; i < n; i++) {
		parse_outcome *o = &outcomes[i];
		o->nodes = o->depth = o->failed = 0;
		TSTree *tree = ts_parser_parse_string(parser, NULL, text + bounds[i], bounds[i + 1] - bounds[i]);
		if (tree == NULL) {
			o->failed = 1;
			return i;
		}
		uint32_t depth = 0;
		uint32_t nodes = flatten_tree(tree, out + used, cap - used, &depth);
		o->nodes = nodes;
		if (nodes > cap - used) {
			*unfit = tree;
			return i;
		}
		ts_tree_delete(tree);
		o->depth = depth;
		used += nodes;
	}
	return n;
}

// release_free_memory gives the pages of freed C memory back to the system.
// tree-sitter allocates with malloc, and glibc keeps what a deleted tree
// freed for later mallocs; after a huge file that is as much memory again as
// the Go tree built from it, held for nothing. Elsewhere it does nothing.
void release_free_memory(void) {
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}
