// The few declarations of tree-sitter's public C API (api.h) that the
// parser and flattener need. The library itself is compiled and linked by
// github.com/smacker/go-tree-sitter; that package does not export its
// headers to other packages, so the declarations are repeated here and must
// match the tree-sitter version it vendors (TestFlattenMatchesCursorWalk
// compares the result with the package's own API on every run).

#ifndef GOKMIG_FLATTEN_H
#define GOKMIG_FLATTEN_H

#include <stdbool.h>
#include <stdint.h>

typedef struct TSTree TSTree;
typedef struct TSParser TSParser;

typedef struct {
	uint32_t context[4];
	const void *id;
	const TSTree *tree;
} TSNode;

typedef struct {
	const void *tree;
	const void *id;
	uint32_t context[3];
} TSTreeCursor;

TSTree *ts_parser_parse_string(TSParser *self, const TSTree *old_tree, const char *string, uint32_t length);
void ts_tree_delete(TSTree *self);
TSNode ts_tree_root_node(const TSTree *self);
uint16_t ts_node_symbol(TSNode self);
uint32_t ts_node_start_byte(TSNode self);
uint32_t ts_node_end_byte(TSNode self);
bool ts_node_is_missing(TSNode self);
uint32_t ts_node_descendant_count(TSNode self);
TSTreeCursor ts_tree_cursor_new(TSNode node);
void ts_tree_cursor_delete(TSTreeCursor *self);
TSNode ts_tree_cursor_current_node(const TSTreeCursor *self);
uint16_t ts_tree_cursor_current_field_id(const TSTreeCursor *self);
bool ts_tree_cursor_goto_parent(TSTreeCursor *self);
bool ts_tree_cursor_goto_next_sibling(TSTreeCursor *self);
bool ts_tree_cursor_goto_first_child(TSTreeCursor *self);

// flat_node is one visible node of the tree, in preorder. The root's parent
// is FLAT_NO_PARENT.
typedef struct {
	uint32_t start, end;
	uint32_t parent;
	uint32_t child_count;
	uint16_t symbol;
	uint16_t field;
	uint8_t missing;
} flat_node;

#define FLAT_NO_PARENT UINT32_MAX

uint32_t flatten_tree(const TSTree *tree, flat_node *out, uint32_t cap, uint32_t *depth);

// parse_outcome is what parse_flatten made of one source.
typedef struct {
	uint32_t nodes; // nodes written (needed, for the tree that did not fit)
	uint32_t depth; // of the deepest node
	uint8_t failed; // tree-sitter gave no tree
} parse_outcome;

uint32_t parse_flatten(TSParser *parser, const char *text, const uint32_t *bounds, uint32_t n,
                       flat_node *out, uint32_t cap, parse_outcome *outcomes, TSTree **unfit);
void release_free_memory(void);

#endif
