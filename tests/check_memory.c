/* Tests of models/memory.c alone, without a kernel: the managers' backing
 * store (FIFO eviction, exclusive revocation, the cost each causes, under
 * core's bookkeeping and under the in-kernel mapping database) and what
 * happens to a destroyed address space. */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "models/memory.h"

/* One manager `m` with one dataspace `d` of `pages` pages in blocks of
 * `block_pages`, `capacity` blocks resident; three processes (spaces 0-2). */
typedef struct {
  ScenarioConfig c;
  ManagerConfig mc;
  DataspaceConfig dc;
  ProcessConfig pc[3];
  Memory *mem;
} Store;

static void
store_init (Store *s, int64_t pages, int64_t block_pages, int64_t capacity, bool exclusive,
            bool in_kernel)
{
  memset (s, 0, sizeof *s);
  config_defaults (&s->c);
  s->mc = (ManagerConfig) { .name = "m", .exclusive = exclusive, .map_pages = (int) block_pages };
  s->dc = (DataspaceConfig) { .name = "d", .pages = pages, .manager = 0, .backing = -1,
                              .resident = capacity * block_pages };
  for (int i = 0; i < 3; i++)
    s->pc[i] = (ProcessConfig) { .name = (char *) (const char *[]) { "p0", "p1", "p2" }[i],
                                 .rm_pages = 4 };
  s->c.managers = &s->mc;
  s->c.n_managers = 1;
  s->c.dataspaces = &s->dc;
  s->c.n_dataspaces = 1;
  s->c.processes = s->pc;
  s->c.n_processes = 3;
  s->mem = memory_new (NULL, &s->c, in_kernel);
}

static void
store_fini (Store *s)
{
  memory_free (s->mem);
}

/* The manager backs `block` for `space` and the space maps it; the cost of
 * the backing. */
static int64_t
store_back_and_map (Store *s, int64_t block, int space)
{
  int64_t cost = memory_provide (s->mem, 0, block, space);
  memory_map (s->mem, 0, block, space);
  return cost;
}

START_TEST (test_memory_fifo_evicts_the_oldest)
{
  Store s;
  store_init (&s, 8, 1, 2, false, false);
  ck_assert_int_eq (store_back_and_map (&s, 0, 0), 0);
  memory_map (s.mem, 0, 0, 1);   /* block 0 is shared by two spaces */
  ck_assert_int_eq (store_back_and_map (&s, 1, 1), 0);
  ck_assert (!memory_needs_provider (s.mem, 0, 1, 2));
  /* A third block: block 0, the oldest, goes; core unmaps it from both spaces. */
  ck_assert_int_eq (store_back_and_map (&s, 2, 0), 2 * s.c.kernel.costs.map);
  ck_assert (memory_needs_provider (s.mem, 0, 0, 0));
  ck_assert (!memory_is_mapped (s.mem, 0, 0, 0));
  ck_assert (!memory_is_mapped (s.mem, 1, 0, 0));
  ck_assert (!memory_needs_provider (s.mem, 0, 1, 0));
  ck_assert (!memory_needs_provider (s.mem, 0, 2, 0));
  /* Then block 1. */
  store_back_and_map (&s, 3, 0);
  ck_assert (memory_needs_provider (s.mem, 0, 1, 1));
  ck_assert (!memory_is_mapped (s.mem, 1, 0, 1));
  ck_assert_int_eq (memory_revocation_ns (s.mem), 0);   /* core unmaps: no mapping-database walk */
  store_fini (&s);
}
END_TEST

START_TEST (test_memory_eviction_revokes_through_the_mapdb)
{
  Store s;
  store_init (&s, 16, 4, 1, false, true);
  store_back_and_map (&s, 0, 0);
  memory_map (s.mem, 0, 0, 2);
  /* Evicting a 4-page flexpage mapped in two spaces removes 8 entries. */
  int64_t cost = store_back_and_map (&s, 1, 1);
  ck_assert_int_eq (cost, 8 * s.c.kernel.costs.mapdb_revoke);
  ck_assert_int_eq (memory_revocation_ns (s.mem), cost);
  ck_assert_uint_eq (memory_mapdb_entries (s.mem), 4);
  ck_assert_uint_eq (memory_mapdb_entries_peak (s.mem), 8);
  store_fini (&s);
}
END_TEST

START_TEST (test_memory_map_costs_an_entry_per_page_in_the_mapdb)
{
  Store s;
  store_init (&s, 16, 4, 4, false, true);
  memory_provide (s.mem, 0, 1, 0);
  const KernelCosts *kc = &s.c.kernel.costs;
  ck_assert_int_eq (memory_map (s.mem, 0, 1, 0), kc->map + 4 * kc->mapdb_insert);
  ck_assert_int_eq (memory_map (s.mem, 0, 1, 0), 0);   /* mapped already */
  ck_assert (memory_is_mapped (s.mem, 0, 0, 7));
  ck_assert (!memory_is_mapped (s.mem, 0, 0, 8));
  store_fini (&s);
  store_init (&s, 16, 4, 4, false, false);
  memory_provide (s.mem, 0, 1, 0);
  ck_assert_int_eq (memory_map (s.mem, 0, 1, 0), kc->map);   /* core's bookkeeping is free */
  store_fini (&s);
}
END_TEST

START_TEST (test_memory_exclusive_revokes_the_holder)
{
  Store s;
  store_init (&s, 4, 1, 4, true, false);
  store_back_and_map (&s, 2, 0);
  ck_assert (!memory_needs_provider (s.mem, 0, 2, 0));
  ck_assert (memory_needs_provider (s.mem, 0, 2, 1));   /* held elsewhere: the manager must act */
  int64_t cost = store_back_and_map (&s, 2, 1);
  ck_assert_int_eq (cost, s.c.kernel.costs.map);
  ck_assert (memory_needs_provider (s.mem, 0, 2, 0));   /* space 1 holds it now */
  ck_assert (!memory_needs_provider (s.mem, 0, 2, 1));
  ck_assert (!memory_is_mapped (s.mem, 0, 0, 2));
  ck_assert (memory_is_mapped (s.mem, 1, 0, 2));
  store_fini (&s);
}
END_TEST

START_TEST (test_memory_core_maps_only_what_its_region_map_knows)
{
  Store s;
  store_init (&s, 4, 1, 4, true, false);
  ck_assert (!memory_core_can_map (s.mem, 0, 1, 0));
  memory_attach (s.mem, 0, 1);   /* not backed yet: attaching it is nothing */
  ck_assert (!memory_core_can_map (s.mem, 0, 1, 0));
  memory_provide (s.mem, 0, 1, 0);
  memory_attach (s.mem, 0, 1);
  ck_assert (memory_core_can_map (s.mem, 0, 1, 0));
  ck_assert (!memory_core_can_map (s.mem, 0, 1, 1));   /* exclusive: only into its holder */
  /* A plain dataspace (the region mappers' pages) is core's to map anywhere. */
  ck_assert (memory_core_can_map (s.mem, memory_rm_ds (s.mem), 0, 2));
  store_fini (&s);
}
END_TEST

START_TEST (test_memory_nothing_for_a_destroyed_space)
{
  Store s;
  store_init (&s, 4, 1, 4, true, true);
  store_back_and_map (&s, 1, 0);
  int64_t cost = -1;
  ck_assert_uint_eq (memory_destroy_space (s.mem, 2, &cost), 0);
  ck_assert_int_eq (cost, 0);
  ck_assert (memory_space_gone (s.mem, 2));
  /* The manager finishes a request of a process that died meanwhile: the
   * block stays with its holder, and the kernel maps nothing into the dead
   * space (nobody would ever revoke it there). */
  ck_assert_int_eq (memory_provide (s.mem, 0, 1, 2), 0);
  ck_assert (!memory_needs_provider (s.mem, 0, 1, 0));
  ck_assert (memory_is_mapped (s.mem, 0, 0, 1));
  ck_assert_int_eq (memory_map (s.mem, 0, 1, 2), 0);
  ck_assert (!memory_is_mapped (s.mem, 2, 0, 1));
  ck_assert_uint_eq (memory_mapdb_entries (s.mem), 1);
  /* A live space still gets it. */
  ck_assert_int_eq (memory_provide (s.mem, 0, 1, 1), s.c.kernel.costs.mapdb_revoke);
  ck_assert (!memory_needs_provider (s.mem, 0, 1, 1));
  store_fini (&s);
}
END_TEST

START_TEST (test_memory_destroying_a_space_revokes_and_frees_its_blocks)
{
  Store s;
  store_init (&s, 8, 2, 4, true, true);
  store_back_and_map (&s, 0, 1);
  store_back_and_map (&s, 3, 1);
  store_back_and_map (&s, 2, 0);
  int64_t cost = 0;
  /* Two 2-page blocks of space 1: four entries, one revoke each. */
  ck_assert_uint_eq (memory_destroy_space (s.mem, 1, &cost), 4);
  ck_assert_int_eq (cost, 4 * s.c.kernel.costs.mapdb_revoke);
  ck_assert_int_eq (memory_revocation_ns (s.mem), cost);
  ck_assert_uint_eq (memory_mapdb_entries (s.mem), 2);
  /* Its exclusive blocks are free: another space gets block 0 without a
   * revocation. */
  ck_assert_int_eq (memory_provide (s.mem, 0, 0, 2), 0);
  store_fini (&s);
}
END_TEST

Suite *memory_suite (void)
{
  Suite *s = suite_create ("memory");
  TCase *tc = tcase_create ("store");
  tcase_add_test (tc, test_memory_fifo_evicts_the_oldest);
  tcase_add_test (tc, test_memory_eviction_revokes_through_the_mapdb);
  tcase_add_test (tc, test_memory_map_costs_an_entry_per_page_in_the_mapdb);
  tcase_add_test (tc, test_memory_exclusive_revokes_the_holder);
  tcase_add_test (tc, test_memory_core_maps_only_what_its_region_map_knows);
  suite_add_tcase (s, tc);
  tc = tcase_create ("spaces");
  tcase_add_test (tc, test_memory_nothing_for_a_destroyed_space);
  tcase_add_test (tc, test_memory_destroying_a_space_revokes_and_frees_its_blocks);
  suite_add_tcase (s, tc);
  return s;
}
