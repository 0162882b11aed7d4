/* Where each value of a parsed JSON document came from.  cJSON records no
 * positions, so after a successful parse the text is walked once more, in step
 * with the tree cJSON built from it, and every node gets the line and column
 * of its value (and of its key, for object members) plus the span of its
 * token, which keeps the exact digits of numbers that a double cannot hold.
 * Nodes are keyed by address: duplicate keys, which cJSON keeps as separate
 * children, each keep their own position.  Nodes that a --set put into the
 * document are marked with the index of that --set instead of a position.
 * Part of the scenario loader: only loader files include this header. */
#ifndef MKSIM_JSONPOS_H
#define MKSIM_JSONPOS_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

typedef struct {
  int line, col;           /* of the value, 1-based; col counts characters */
  int key_line, key_col;   /* of the member's key; the value's for array items */
  int set;                 /* -1: from the file; else the index of the --set */
  const char *token;       /* the value's text (not NUL-terminated) */
  size_t token_len;
  const char *key_token;   /* the member's key as written, quotes and all; NULL for */
  size_t key_token_len;    /* array items */
  bool nul, key_nul;       /* the string value, the key, holds an escaped NUL (\u0000),
                              where cJSON's C string ends */
} JsonPos;

typedef struct _JsonPosMap JsonPosMap;

JsonPosMap    *jsonpos_new (void);
void           jsonpos_free (JsonPosMap *m);

/* Records every node of `root`, which cJSON parsed from `text` (`len` bytes,
 * kept alive by the caller as long as the map is used), as coming from
 * `set` (-1 for the file).  Stops quietly if text and tree disagree. */
void           jsonpos_scan (JsonPosMap *m, const cJSON *root, const char *text, size_t len,
                             int set);
/* Records `node` alone, without position, as put there by --set `set`. */
void           jsonpos_mark (JsonPosMap *m, const cJSON *node, int set);
/* Drops `node` and everything under it, before the tree frees them. */
void           jsonpos_forget (JsonPosMap *m, const cJSON *node);
/* NULL when the node is not recorded. */
const JsonPos *jsonpos_lookup (const JsonPosMap *m, const cJSON *node);

/* The line and column (1-based, characters) of byte `offset` of `text`. */
void           jsonpos_locate (const char *text, size_t len, size_t offset, int *line, int *col);

#endif
