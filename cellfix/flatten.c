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

// release_free_memory gives the pages of freed C memory back to the system.
// tree-sitter allocates with malloc, and glibc keeps what a deleted tree
// freed for later mallocs; after a huge file that is as much memory again as
// the Go tree built from it, held for nothing. Elsewhere it does nothing.
void release_free_memory(void) {
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}
