/* Dataspaces, their backing store and the mappings (see memory.h).
 *
 * The backing store of a managed dataspace is kept per block: a block is
 * resident when the manager has backing store for it.  At most `capacity`
 * blocks are resident; backing one more evicts the oldest (FIFO), which
 * unmaps it from every space, so faults keep coming in a long run and
 * revocation is exercised.  An exclusive manager also moves a block from the
 * space holding it to the one asking, revoking the old holder's mappings
 * first. */
#include "models/memory.h"

#include <glib.h>

#include "models/mapdb.h"

/* Per block of a managed dataspace. */
enum {
  BLOCK_RESIDENT = 1,          /* the manager has backing store for it (in the FIFO) */
  BLOCK_KNOWN = 2,             /* core's region map has it attached (core-based strategies) */
};

typedef struct {
  const DataspaceConfig *cfg;
  const ManagerConfig *mgr;    /* NULL: a plain dataspace, core backs it */
  int64_t pages, block_pages, n_blocks;
  int64_t capacity;            /* resident blocks kept before FIFO eviction */
  int64_t *fifo;               /* ring of resident blocks, oldest first */
  int64_t fifo_head, fifo_len;
  uint8_t *flags;              /* BLOCK_* per block */
  int32_t *holder;             /* exclusive managers: space holding each block, -1 none */
  SimTime *handed;             /* ... and when it was handed to it (min_hold) */
} Dataspace;

struct _Memory {
  Kernel *k;
  const ScenarioConfig *c;
  bool in_kernel_mapdb;
  size_t n_ds;                 /* the scenario's; id n_ds is the region mappers' own pages */
  Dataspace *ds;               /* n_ds + 1 */
  DataspaceConfig rm_cfg;      /* the region mappers' own pages, as a plain dataspace */
  size_t n_procs, n_spaces;
  bool *gone;                  /* per space: its process was destroyed */
  MapDb *db;
  int64_t revocation_ns;
};

/* Narration; memory's unit tests run without a kernel. */
#define memory_explain(mem, ...)                                                            \
  do                                                                                        \
    {                                                                                       \
      if ((mem)->k != NULL)                                                                 \
        kern_explain ((mem)->k, __VA_ARGS__);                                               \
    }                                                                                       \
  while (0)

/* How many blocks stay resident, the eviction FIFO when not all of them fit,
 * and who holds each block under an exclusive manager. */
static void
store_init (Dataspace *d)
{
  d->capacity = d->cfg->resident > 0 ? MAX (d->cfg->resident / d->block_pages, 1)
                                     : d->n_blocks;
  d->capacity = MIN (d->capacity, d->n_blocks);
  d->flags = g_new0 (uint8_t, d->n_blocks);
  if (d->capacity < d->n_blocks)
    d->fifo = g_new (int64_t, d->capacity);
  if (d->mgr->exclusive)
    {
      d->holder = g_new (int32_t, d->n_blocks);
      for (int64_t b = 0; b < d->n_blocks; b++)
        d->holder[b] = -1;
      if (d->mgr->min_hold > 0)
        d->handed = g_new0 (SimTime, d->n_blocks);
    }
}

/* The mapping database over every address space and every dataspace, the
 * region mappers' own pages included. */
static MapDb *
memory_mapdb_new (Memory *mem)
{
  g_autofree int64_t *pages = g_new (int64_t, mem->n_ds + 1);
  g_autofree int64_t *block_pages = g_new (int64_t, mem->n_ds + 1);
  for (size_t i = 0; i <= mem->n_ds; i++)
    {
      pages[i] = mem->ds[i].pages;
      block_pages[i] = mem->ds[i].block_pages;
    }
  return mapdb_new (mem->n_spaces, mem->n_ds + 1, pages, block_pages);
}

Memory *
memory_new (Kernel *k, const ScenarioConfig *c, bool in_kernel_mapdb)
{
  Memory *mem = g_new0 (Memory, 1);
  mem->k = k;
  mem->c = c;
  mem->in_kernel_mapdb = in_kernel_mapdb;
  mem->n_ds = c->n_dataspaces;
  mem->n_procs = c->n_processes;
  mem->n_spaces = c->n_processes + c->n_managers;
  mem->gone = g_new0 (bool, MAX (mem->n_spaces, 1));
  mem->ds = g_new0 (Dataspace, mem->n_ds + 1);
  /* The region mappers' own pages: a plain dataspace as large as the
   * largest rm_pages. */
  int rm_pages = CONFIG_DEFAULT_RM_PAGES;
  for (size_t i = 0; i < c->n_processes; i++)
    rm_pages = MAX (rm_pages, c->processes[i].rm_pages);
  mem->rm_cfg = (DataspaceConfig) { .name = "region-mapper", .pages = rm_pages, .manager = -1,
                                    .backing = -1 };
  for (size_t i = 0; i <= mem->n_ds; i++)
    {
      Dataspace *d = &mem->ds[i];
      d->cfg = i < mem->n_ds ? &c->dataspaces[i] : &mem->rm_cfg;
      d->mgr = d->cfg->manager >= 0 ? &c->managers[d->cfg->manager] : NULL;
      d->pages = d->cfg->pages;
      d->block_pages = d->mgr ? MAX (d->mgr->map_pages, 1) : 1;
      d->n_blocks = (d->pages + d->block_pages - 1) / d->block_pages;
      if (d->mgr != NULL)
        store_init (d);
    }
  mem->db = memory_mapdb_new (mem);
  return mem;
}

void
memory_free (Memory *mem)
{
  if (mem == NULL)
    return;
  for (size_t i = 0; i <= mem->n_ds; i++)
    {
      g_free (mem->ds[i].fifo);
      g_free (mem->ds[i].flags);
      g_free (mem->ds[i].holder);
      g_free (mem->ds[i].handed);
    }
  g_free (mem->ds);
  g_free (mem->gone);
  mapdb_free (mem->db);
  g_free (mem);
}

bool memory_in_kernel_mapdb (const Memory *mem) { return mem->in_kernel_mapdb; }
size_t memory_n_ds (const Memory *mem) { return mem->n_ds; }
int memory_rm_ds (const Memory *mem) { return (int) mem->n_ds; }
int64_t memory_pages (const Memory *mem, int ds) { return mem->ds[ds].pages; }
int memory_manager (const Memory *mem, int ds) { return mem->ds[ds].cfg->manager; }
int memory_backing (const Memory *mem, int ds) { return mem->ds[ds].cfg->backing; }
const char *memory_ds_name (const Memory *mem, int ds) { return mem->ds[ds].cfg->name; }

const char *
memory_manager_name (const Memory *mem, int ds)
{
  int m = mem->ds[ds].cfg->manager;
  return m >= 0 ? mem->c->managers[m].name : NULL;
}
bool memory_space_gone (const Memory *mem, int space) { return mem->gone[space]; }
size_t memory_mapdb_entries (const Memory *mem) { return mapdb_entries (mem->db); }
size_t memory_mapdb_entries_peak (const Memory *mem) { return mapdb_entries_peak (mem->db); }
int64_t memory_revocation_ns (const Memory *mem) { return mem->revocation_ns; }

int64_t
memory_block (const Memory *mem, int ds, int64_t page)
{
  return page / mem->ds[ds].block_pages;
}

const char *
memory_space_name (const Memory *mem, int space)
{
  if (space < 0)
    return "core";
  if ((size_t) space < mem->n_procs)
    return mem->c->processes[space].name;
  return mem->c->managers[(size_t) space - mem->n_procs].name;
}

/* -------------------------------------------------------------- mapping */

bool
memory_is_mapped (const Memory *mem, int space, int ds, int64_t page)
{
  return mapdb_is_mapped (mem->db, space, ds, page);
}

bool
memory_core_can_map (const Memory *mem, int ds, int64_t block, int space)
{
  const Dataspace *d = &mem->ds[ds];
  if (d->mgr == NULL)
    return true;
  if (!(d->flags[block] & BLOCK_KNOWN))
    return false;
  /* An exclusive page is core's to map only into the space holding it. */
  return !d->mgr->exclusive || d->holder[block] == space;
}

int64_t
memory_map (Memory *mem, int ds, int64_t block, int space)
{
  const KernelCosts *kc = &mem->c->kernel.costs;
  if (mem->gone[space])
    return 0;   /* the kernel refuses a mapping into a destroyed space */
  size_t added = mapdb_map_block (mem->db, space, ds, block);
  if (added == 0)
    return 0;
  /* One map operation installs the whole flexpage; the mapping database,
   * where the kernel keeps one, needs an entry per page. */
  int64_t cost = kc->map;
  if (mem->in_kernel_mapdb)
    cost += kc->mapdb_insert * (int64_t) added;
  return cost;
}

void
memory_attach (Memory *mem, int ds, int64_t block)
{
  Dataspace *d = &mem->ds[ds];
  if (d->flags[block] & BLOCK_RESIDENT)
    d->flags[block] |= BLOCK_KNOWN;
}

/* ------------------------------------------------------- backing store */

bool
memory_needs_provider (const Memory *mem, int ds, int64_t block, int space)
{
  const Dataspace *d = &mem->ds[ds];
  if (!(d->flags[block] & BLOCK_RESIDENT))
    return true;
  return d->holder != NULL && d->holder[block] != space;
}

#define ALL_SPACES (-1)

/* Unmaps the block from `space` (or from every space); returns the kernel
 * work.  Core-based strategies: core unmaps, one `map` per space that had
 * it.  local-rm: the kernel revokes through its mapping database, one
 * `mapdb_revoke` per entry. */
static int64_t
store_unmap (Memory *mem, int ds, int64_t block, int space)
{
  const KernelCosts *kc = &mem->c->kernel.costs;
  size_t spaces = 1;
  size_t entries = space == ALL_SPACES ? mapdb_revoke_block (mem->db, ds, block, &spaces)
                                       : mapdb_revoke_block_in (mem->db, ds, block, space);
  if (entries == 0)
    return 0;
  if (!mem->in_kernel_mapdb)
    return kc->map * (int64_t) spaces;
  int64_t cost = kc->mapdb_revoke * (int64_t) entries;
  mem->revocation_ns += cost;
  return cost;
}

/* The store is full: the oldest resident block goes, from every space. */
static int64_t
store_evict_oldest (Memory *mem, int ds)
{
  Dataspace *d = &mem->ds[ds];
  int64_t victim = d->fifo[d->fifo_head];
  memory_explain (mem, "%s evicts page block %" G_GINT64_FORMAT " of %s (FIFO): it is "
                  "unmapped wherever it is mapped", d->mgr->name, victim, d->cfg->name);
  d->fifo_head = (d->fifo_head + 1) % d->capacity;
  d->fifo_len--;
  int64_t cost = store_unmap (mem, ds, victim, ALL_SPACES);
  d->flags[victim] = 0;
  if (d->holder)
    d->holder[victim] = -1;
  return cost;
}

/* The manager backs `block`; returns the kernel work of the eviction this
 * may cause.  Without a FIFO every block of the dataspace fits. */
static int64_t
store_back (Memory *mem, int ds, int64_t block)
{
  Dataspace *d = &mem->ds[ds];
  int64_t cost = 0;
  if (d->fifo != NULL)
    {
      if (d->fifo_len == d->capacity)
        cost = store_evict_oldest (mem, ds);
      d->fifo[(d->fifo_head + d->fifo_len) % d->capacity] = block;
      d->fifo_len++;
    }
  d->flags[block] |= BLOCK_RESIDENT;
  return cost;
}

int64_t
memory_hold_left (const Memory *mem, int ds, int64_t block, int space)
{
  const Dataspace *d = &mem->ds[ds];
  if (d->handed == NULL || d->holder[block] < 0 || d->holder[block] == space || mem->k == NULL)
    return 0;
  SimTime until = d->mgr->min_hold >= INT64_MAX - d->handed[block] ? INT64_MAX
                                                        : d->handed[block] + d->mgr->min_hold;
  SimTime now = kern_now (mem->k);
  return until > now ? until - now : 0;
}

int64_t
memory_provide (Memory *mem, int ds, int64_t block, int space)
{
  Dataspace *d = &mem->ds[ds];
  int64_t cost = 0;
  if (!(d->flags[block] & BLOCK_RESIDENT))
    cost += store_back (mem, ds, block);
  /* An exclusive block moves to the asking space; not to a destroyed one,
   * which nobody would take it back from. */
  if (d->holder != NULL && d->holder[block] != space && !mem->gone[space])
    {
      if (d->holder[block] >= 0)
        cost += store_unmap (mem, ds, block, d->holder[block]);
      d->holder[block] = space;
      if (d->handed != NULL && mem->k != NULL)
        d->handed[block] = kern_now (mem->k);
    }
  return cost;
}

/* ------------------------------------------------------ process exit */

/* Exclusive blocks the dead space held are free for the next asker. */
static void
release_exclusive_blocks (Memory *mem, int space)
{
  for (size_t i = 0; i < mem->n_ds; i++)
    {
      Dataspace *d = &mem->ds[i];
      if (d->holder == NULL)
        continue;
      for (int64_t b = 0; b < d->n_blocks; b++)
        if (d->holder[b] == space)
          d->holder[b] = -1;
    }
}

/* What taking back `removed` mappings of the process `space` costs: through
 * the in-kernel mapping database under local-region-mapper (that is
 * kernel.revocation_ns), by unmapping what core's region maps handed out
 * otherwise. */
static int64_t
revocation_cost (Memory *mem, int space, size_t removed)
{
  const KernelCosts *costs = &mem->c->kernel.costs;
  const char *process = mem->c->processes[space].name;
  if (!mem->in_kernel_mapdb)
    {
      memory_explain (mem, "core unmaps the %zu mappings of %s it handed out", removed, process);
      return costs->map * (int64_t) removed;
    }
  memory_explain (mem, "the kernel revokes the %zu mapping-database entries of %s, on core's "
                  "time", removed, process);
  int64_t cost = costs->mapdb_revoke * (int64_t) removed;
  mem->revocation_ns += cost;
  return cost;
}

size_t
memory_destroy_space (Memory *mem, int space, int64_t *cost)
{
  g_return_val_if_fail (space >= 0 && (size_t) space < mem->n_procs, 0);
  mem->gone[space] = true;
  size_t removed = mapdb_revoke_space (mem->db, space);
  release_exclusive_blocks (mem, space);
  *cost = removed ? revocation_cost (mem, space, removed) : 0;
  return removed;
}
