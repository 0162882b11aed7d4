/* "Did you mean ...?": the candidate closest to a misspelt word, by edit
 * distance.  The loader uses it for keys, names and units; the command
 * line for commands, options, strategy names and bundled scenarios. */
#ifndef MKSIM_SUGGEST_H
#define MKSIM_SUGGEST_H

#include <stddef.h>

/* The Damerau–Levenshtein distance of `a` and `b` in its optimal string
 * alignment form (insertions, deletions, substitutions and transpositions
 * of two neighbours, each 1; no substring edited twice), ignoring ASCII
 * case.  Bytes are compared, so a non-ASCII character counts as several. */
size_t      suggest_distance (const char *a, const char *b);
/* The candidate closest to `word`: within 1 edit for a word of up to 4
 * characters, 2 up to 8, else 3; a candidate that `word` starts or that
 * starts `word` (at least 2 characters in common) counts as close.  On a
 * tie, the first, unless a later one shares the first letter and it does
 * not.  NULL if none is close, or for words over 64 bytes.  NULL entries of
 * `candidates` are skipped. */
const char *suggest_closest (const char *word, const char *const *candidates, size_t n);
/* suggest_closest(), or else the one candidate that `word` abbreviates:
 * the same first letter and every character of `word` found in it in
 * order ("local-rm" for "local-region-mapper"); NULL if none, or several. */
const char *suggest_name (const char *word, const char *const *candidates, size_t n);

#endif
