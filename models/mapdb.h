/* The record of which pages of which dataspace are mapped into which address
 * space.  Under local-region-mapper it is the in-kernel mapping database of
 * L4 (mappings made by map items, revoked by the kernel on eviction and at
 * process exit: the part of L4 the thread calls "most unfortunate"); under
 * the core-based strategies the same structure is core's own bookkeeping,
 * which is not a kernel feature and is not reported as one.
 *
 * An entry is one page mapped into one space.  Entries are grouped per
 * (dataspace, block) — a block is the flexpage a manager answers with — so
 * revoking a block is a walk of its list, and per space, so destroying a
 * process is a walk of its list.  A bitmap per (space, dataspace) answers
 * "is this page mapped here?" in O(1) on every touch.  Entries live in a pool
 * that is reused, so memory stays flat once the peak is reached. */
#ifndef MKSIM_MAPDB_H
#define MKSIM_MAPDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct _MapDb MapDb;

/* `n_spaces` address spaces; dataspace i has pages[i] pages grouped in blocks
 * of block_pages[i] pages (both arrays of length n_ds). */
MapDb  *mapdb_new (size_t n_spaces, size_t n_ds, const int64_t *pages, const int64_t *block_pages);
void    mapdb_free (MapDb *db);

bool    mapdb_is_mapped (const MapDb *db, int space, int ds, int64_t page);
/* Maps every page of block `block` of `ds` into `space` that is not mapped
 * there yet; returns the number of entries added. */
size_t  mapdb_map_block (MapDb *db, int space, int ds, int64_t block);
/* Removes the block's mappings from every space; returns the entries removed
 * and, in *spaces (may be NULL), from how many spaces. */
size_t  mapdb_revoke_block (MapDb *db, int ds, int64_t block, size_t *spaces);
/* Removes the block's mappings from one space; returns the entries removed. */
size_t  mapdb_revoke_block_in (MapDb *db, int ds, int64_t block, int space);
/* Removes every mapping of `space` (process destruction); returns the count. */
size_t  mapdb_revoke_space (MapDb *db, int space);

size_t  mapdb_entries (const MapDb *db);
size_t  mapdb_entries_peak (const MapDb *db);
/* Spaces of the block's mappings, for tests: at most `max` written to `out`. */
size_t  mapdb_block_spaces (const MapDb *db, int ds, int64_t block, int *out, size_t max);

#endif
