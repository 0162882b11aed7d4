/* The mapping database (see mapdb.h).  Entries are 32-byte records in one
 * pool, linked twice: into their block's list (head kept in a hash table
 * keyed by dataspace and block, so memory follows the pages actually mapped,
 * not the size of the dataspaces) and into their space's list.  The "is it
 * mapped" bitmaps are two-level: chunks of 4096 pages allocated on first
 * use, found through an array, or for a huge dataspace (loader allows 2^40
 * pages) through a hash table, so a sparsely touched one costs little.
 *
 * Invariant used by mapdb_revoke_block: the entries one space holds in one
 * block are added by a single mapdb_map_block call and only ever removed all
 * together, so they are adjacent in the block's list. */
#include "models/mapdb.h"

#include <glib.h>

#define NIL UINT32_MAX                 /* no entry: the end of a list */
#define WORD_BITS 64
#define CHUNK_PAGES 4096
#define CHUNK_WORDS (CHUNK_PAGES / WORD_BITS)
#define MAX_ARRAY_CHUNKS 4096          /* up to 16 Mi pages: a plain array of chunks */

typedef struct {
  int64_t page;
  int32_t space, ds;
  uint32_t bnext, bprev;        /* block list; bnext doubles as the free list */
  uint32_t snext, sprev;        /* space list */
} MapEntry;

G_STATIC_ASSERT (sizeof (MapEntry) == 32);

/* The chunks of one (space, dataspace) bitmap: an array indexed by chunk,
 * or for huge dataspaces a hash table of the chunks in use. */
typedef struct {
  uint64_t **arr;
  GHashTable *hash;             /* int64 chunk index -> words */
} BitTop;

struct _MapDb {
  size_t n_spaces, n_ds;
  int64_t *pages, *block_pages;
  GArray *pool;                 /* MapEntry */
  uint32_t free_head;
  GHashTable *blocks;           /* (ds, block) key -> head index + 1 */
  uint32_t *space_head;         /* per space */
  BitTop *bits;                 /* [space * n_ds + ds] */
  size_t entries, peak;
};

static inline MapEntry *
entry (const MapDb *db, uint32_t i)
{
  return &g_array_index (db->pool, MapEntry, i);
}

/* Keys pack the dataspace above bit 40 and the block below it; the mixer
 * spreads them because GLib's direct hash keeps only the low 32 bits. */
static inline gpointer
block_key (int ds, int64_t block)
{
  return (gpointer) (uintptr_t) (((uint64_t) ds << 40) | (uint64_t) block);
}

static guint
block_key_hash (gconstpointer k)
{
  uint64_t x = (uint64_t) (uintptr_t) k;
  x ^= x >> 33;
  x *= UINT64_C (0xff51afd7ed558ccd);
  x ^= x >> 33;
  return (guint) x;
}

static uint32_t
block_head (const MapDb *db, int ds, int64_t block)
{
  gpointer v = g_hash_table_lookup (db->blocks, block_key (ds, block));
  return v ? (uint32_t) (GPOINTER_TO_UINT (v) - 1) : NIL;
}

static void
block_set_head (MapDb *db, int ds, int64_t block, uint32_t i)
{
  if (i == NIL)
    g_hash_table_remove (db->blocks, block_key (ds, block));
  else
    g_hash_table_insert (db->blocks, block_key (ds, block), GUINT_TO_POINTER (i + 1));
}

/* How many bitmap chunks cover dataspace `ds`. */
static int64_t
chunk_count (const MapDb *db, size_t ds)
{
  return (db->pages[ds] + CHUNK_PAGES - 1) / CHUNK_PAGES;
}

MapDb *
mapdb_new (size_t n_spaces, size_t n_ds, const int64_t *pages, const int64_t *block_pages)
{
  MapDb *db = g_new0 (MapDb, 1);
  db->n_spaces = n_spaces;
  db->n_ds = n_ds;
  db->pages = g_memdup2 (pages, n_ds * sizeof *pages);
  db->block_pages = g_memdup2 (block_pages, n_ds * sizeof *block_pages);
  db->pool = g_array_new (FALSE, FALSE, sizeof (MapEntry));
  db->free_head = NIL;
  db->blocks = g_hash_table_new (block_key_hash, g_direct_equal);
  db->space_head = g_new (uint32_t, MAX (n_spaces, 1));
  for (size_t s = 0; s < n_spaces; s++)
    db->space_head[s] = NIL;
  db->bits = g_new0 (BitTop, MAX (n_spaces * n_ds, 1));
  return db;
}

void
mapdb_free (MapDb *db)
{
  if (db == NULL)
    return;
  for (size_t i = 0; i < db->n_spaces * db->n_ds; i++)
    {
      BitTop *top = &db->bits[i];
      if (top->hash)
        g_hash_table_destroy (top->hash);
      if (top->arr == NULL)
        continue;
      int64_t chunks = chunk_count (db, i % db->n_ds);
      for (int64_t c = 0; c < chunks; c++)
        g_free (top->arr[c]);
      g_free (top->arr);
    }
  g_free (db->bits);
  g_free (db->space_head);
  g_hash_table_destroy (db->blocks);
  g_array_free (db->pool, TRUE);
  g_free (db->pages);
  g_free (db->block_pages);
  g_free (db);
}

/* ------------------------------------------------------------- bitmaps */

/* The chunk holding `page` in (space, ds), or NULL; with `make`, created. */
static uint64_t *
chunk_of (const MapDb *db, int space, int ds, int64_t page, bool make)
{
  BitTop *top = &db->bits[(size_t) space * db->n_ds + (size_t) ds];
  int64_t c = page / CHUNK_PAGES;
  int64_t chunks = chunk_count (db, (size_t) ds);
  if (chunks <= MAX_ARRAY_CHUNKS)
    {
      if (top->arr == NULL)
        {
          if (!make)
            return NULL;
          top->arr = g_new0 (uint64_t *, chunks);
        }
      if (top->arr[c] == NULL && make)
        top->arr[c] = g_new0 (uint64_t, CHUNK_WORDS);
      return top->arr[c];
    }
  /* A huge dataspace: only the chunks in use, in a hash table. */
  if (top->hash == NULL)
    {
      if (!make)
        return NULL;
      top->hash = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
    }
  uint64_t *chunk = g_hash_table_lookup (top->hash, &c);
  if (chunk == NULL && make)
    {
      chunk = g_new0 (uint64_t, CHUNK_WORDS);
      g_hash_table_insert (top->hash, g_memdup2 (&c, sizeof c), chunk);
    }
  return chunk;
}

bool
mapdb_is_mapped (const MapDb *db, int space, int ds, int64_t page)
{
  const uint64_t *chunk = chunk_of (db, space, ds, page, false);
  if (chunk == NULL)
    return false;
  int64_t off = page % CHUNK_PAGES;
  return (chunk[off / WORD_BITS] >> (off % WORD_BITS)) & 1;
}

static void
bit_set (MapDb *db, int space, int ds, int64_t page, bool on)
{
  uint64_t *chunk = chunk_of (db, space, ds, page, true);
  int64_t off = page % CHUNK_PAGES;
  uint64_t bit = UINT64_C (1) << (off % WORD_BITS);
  if (on)
    chunk[off / WORD_BITS] |= bit;
  else
    chunk[off / WORD_BITS] &= ~bit;
}

/* ------------------------------------------------------------- entries */

static uint32_t
entry_alloc (MapDb *db)
{
  if (db->free_head != NIL)
    {
      uint32_t i = db->free_head;
      db->free_head = entry (db, i)->bnext;
      return i;
    }
  MapEntry blank = { 0 };
  g_array_append_val (db->pool, blank);
  g_assert (db->pool->len < NIL);
  return db->pool->len - 1;
}

static void
space_unlink (MapDb *db, uint32_t i)
{
  MapEntry *e = entry (db, i);
  if (e->sprev != NIL)
    entry (db, e->sprev)->snext = e->snext;
  else
    db->space_head[e->space] = e->snext;
  if (e->snext != NIL)
    entry (db, e->snext)->sprev = e->sprev;
}

static void
block_unlink (MapDb *db, uint32_t i)
{
  MapEntry *e = entry (db, i);
  if (e->bprev != NIL)
    entry (db, e->bprev)->bnext = e->bnext;
  else
    block_set_head (db, e->ds, e->page / db->block_pages[e->ds], e->bnext);
  if (e->bnext != NIL)
    entry (db, e->bnext)->bprev = e->bprev;
}

/* The entry is already out of its lists: clear its bit and recycle it. */
static void
entry_release (MapDb *db, uint32_t i)
{
  MapEntry *e = entry (db, i);
  bit_set (db, e->space, e->ds, e->page, false);
  e->bnext = db->free_head;
  db->free_head = i;
  db->entries--;
}

size_t
mapdb_map_block (MapDb *db, int space, int ds, int64_t block)
{
  g_return_val_if_fail (space >= 0 && (size_t) space < db->n_spaces, 0);
  g_return_val_if_fail (ds >= 0 && (size_t) ds < db->n_ds, 0);
  int64_t bp = db->block_pages[ds];
  int64_t first = block * bp, end = MIN (first + bp, db->pages[ds]);
  uint32_t head = block_head (db, ds, block);
  size_t added = 0;
  for (int64_t page = first; page < end; page++)
    {
      if (mapdb_is_mapped (db, space, ds, page))
        continue;
      uint32_t i = entry_alloc (db);
      MapEntry *e = entry (db, i);
      *e = (MapEntry) { .page = page, .space = space, .ds = ds,
                        .bnext = head, .bprev = NIL,
                        .snext = db->space_head[space], .sprev = NIL };
      if (head != NIL)
        entry (db, head)->bprev = i;
      head = i;
      if (e->snext != NIL)
        entry (db, e->snext)->sprev = i;
      db->space_head[space] = i;
      bit_set (db, space, ds, page, true);
      added++;
    }
  if (added)
    block_set_head (db, ds, block, head);
  db->entries += added;
  db->peak = MAX (db->peak, db->entries);
  return added;
}

size_t
mapdb_revoke_block (MapDb *db, int ds, int64_t block, size_t *spaces)
{
  size_t removed = 0, n_spaces = 0;
  int last_space = -1;
  uint32_t i = block_head (db, ds, block);
  block_set_head (db, ds, block, NIL);
  while (i != NIL)
    {
      MapEntry *e = entry (db, i);
      uint32_t next = e->bnext;
      if (e->space != last_space)
        n_spaces++;   /* adjacent per space: see the invariant atop */
      last_space = e->space;
      space_unlink (db, i);
      entry_release (db, i);
      removed++;
      i = next;
    }
  if (spaces)
    *spaces = n_spaces;
  return removed;
}

size_t
mapdb_revoke_block_in (MapDb *db, int ds, int64_t block, int space)
{
  size_t removed = 0;
  uint32_t i = block_head (db, ds, block);
  while (i != NIL)
    {
      MapEntry *e = entry (db, i);
      uint32_t next = e->bnext;
      if (e->space == space)
        {
          block_unlink (db, i);
          space_unlink (db, i);
          entry_release (db, i);
          removed++;
        }
      i = next;
    }
  return removed;
}

size_t
mapdb_revoke_space (MapDb *db, int space)
{
  g_return_val_if_fail (space >= 0 && (size_t) space < db->n_spaces, 0);
  size_t removed = 0;
  uint32_t i = db->space_head[space];
  db->space_head[space] = NIL;
  while (i != NIL)
    {
      uint32_t next = entry (db, i)->snext;
      block_unlink (db, i);
      entry_release (db, i);
      removed++;
      i = next;
    }
  return removed;
}

size_t
mapdb_entries (const MapDb *db)
{
  return db->entries;
}

size_t
mapdb_entries_peak (const MapDb *db)
{
  return db->peak;
}

size_t
mapdb_block_spaces (const MapDb *db, int ds, int64_t block, int *out, size_t max)
{
  size_t n = 0;
  int last = -1;
  for (uint32_t i = block_head (db, ds, block); i != NIL; i = entry (db, i)->bnext)
    {
      const MapEntry *e = entry (db, i);
      if (e->space != last && n < max)
        out[n++] = e->space;
      last = e->space;
    }
  return n;
}
