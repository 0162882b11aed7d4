/* What is where in memory: the dataspaces, the backing store their managers
 * keep (which blocks are resident, FIFO eviction, the holder of each
 * exclusive block), which blocks core's region maps know, and which pages are
 * mapped into which address space (models/mapdb.h), with what mapping,
 * unmapping and revocation cost the kernel's work.
 *
 * A block is the flexpage a dataspace's manager answers with
 * (managers[].map_pages pages, 1 for a plain dataspace).  Dataspace ids are
 * the scenario's, plus one more (memory_rm_ds): the region mappers' own
 * pages, a plain dataspace paged by core.  Address spaces are the processes,
 * then one per manager.
 *
 * Memory knows no components: managers and core change it through these
 * functions, each of which returns the kernel work it causes (ns), for the
 * caller to charge to the thread that causes it. */
#ifndef MKSIM_MEMORY_H
#define MKSIM_MEMORY_H

#include <stdbool.h>
#include <stdint.h>

#include "models/config.h"
#include "models/kernel.h"

typedef struct _Memory Memory;

/* `in_kernel_mapdb`: mappings are recorded in the kernel's mapping database
 * (local-region-mapper), which costs mapdb_insert per entry and
 * mapdb_revoke per entry removed; otherwise core's own bookkeeping, and core
 * unmaps what it handed out (`map` per space). */
Memory     *memory_new (Kernel *k, const ScenarioConfig *c, bool in_kernel_mapdb);
void        memory_free (Memory *mem);

bool        memory_in_kernel_mapdb (const Memory *mem);
/* The scenario's dataspaces (the region mappers' pages not counted). */
size_t      memory_n_ds (const Memory *mem);
/* The dataspace of the region mappers' own pages. */
int         memory_rm_ds (const Memory *mem);
int64_t     memory_pages (const Memory *mem, int ds);
/* The block page `page` of `ds` lies in. */
int64_t     memory_block (const Memory *mem, int ds, int64_t page);
/* The manager of `ds` (an index into the scenario's managers), -1: plain. */
int         memory_manager (const Memory *mem, int ds);
/* The managed dataspace backing `ds`, -1: none. */
int         memory_backing (const Memory *mem, int ds);
const char *memory_ds_name (const Memory *mem, int ds);
/* The name of the manager of `ds`; NULL for a plain dataspace. */
const char *memory_manager_name (const Memory *mem, int ds);
/* The name of address space `space`: a process, a manager, or "core". */
const char *memory_space_name (const Memory *mem, int space);

bool        memory_is_mapped (const Memory *mem, int space, int ds, int64_t page);
/* Whether core may map the block into `space` alone: a plain dataspace, or a
 * block its region map knows (and, exclusive, holds for that space). */
bool        memory_core_can_map (const Memory *mem, int ds, int64_t block, int space);
/* Maps the block into `space` (nothing into a destroyed space); the cost. */
int64_t     memory_map (Memory *mem, int ds, int64_t block, int space);
/* Core's region map now knows the block, if the manager backs it (attach). */
void        memory_attach (Memory *mem, int ds, int64_t block);

/* Whether the manager must act before `space` may map the block: back it,
 * or (exclusive) take it from the space holding it. */
bool        memory_needs_provider (const Memory *mem, int ds, int64_t block, int space);
/* An exclusive block held by another space than `space` that its manager
 * must leave there a while longer (managers[].min_hold after it was handed
 * over): how long, from now; 0 when it may move. */
int64_t     memory_hold_left (const Memory *mem, int ds, int64_t block, int space);
/* The manager makes the block available to `space`: FIFO eviction and
 * exclusive revocation; the cost. */
int64_t     memory_provide (Memory *mem, int ds, int64_t block, int space);

/* Process `space` is destroyed: nothing is mapped into it any more, its
 * mappings are revoked and the exclusive blocks it held are free.  Returns
 * the mappings removed and, in *cost, the work of removing them (under the
 * in-kernel mapping database this is kernel.revocation_ns). */
size_t      memory_destroy_space (Memory *mem, int space, int64_t *cost);
bool        memory_space_gone (const Memory *mem, int space);

/* Figures. */
size_t      memory_mapdb_entries (const Memory *mem);
size_t      memory_mapdb_entries_peak (const Memory *mem);
int64_t     memory_revocation_ns (const Memory *mem);

#endif
