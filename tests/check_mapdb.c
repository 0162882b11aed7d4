/* Tests of the mapping database (models/mapdb.c): insertion per flexpage,
 * revocation by block, by block and space, and by space, the peak, and the
 * reuse of entries that keeps memory flat. */
#include <check.h>
#include <glib.h>

#include "models/mapdb.h"

/* Two dataspaces: 0 with 10 pages in blocks of 4 (the last block has 2),
 * 1 with 2^40 pages in blocks of 1 (huge and sparse); three spaces. */
static MapDb *
db_new (void)
{
  const int64_t pages[] = { 10, INT64_C (1) << 40 };
  const int64_t block_pages[] = { 4, 1 };
  return mapdb_new (3, 2, pages, block_pages);
}

START_TEST (test_mapdb_map_block_adds_one_entry_per_page)
{
  MapDb *db = db_new ();
  ck_assert_uint_eq (mapdb_map_block (db, 0, 0, 1), 4);
  for (int64_t page = 0; page < 10; page++)
    ck_assert_int_eq (mapdb_is_mapped (db, 0, 0, page), page >= 4 && page < 8);
  ck_assert (!mapdb_is_mapped (db, 1, 0, 5));
  ck_assert_uint_eq (mapdb_entries (db), 4);
  ck_assert_uint_eq (mapdb_entries_peak (db), 4);
  mapdb_free (db);
}
END_TEST

START_TEST (test_mapdb_map_block_clips_the_last_block)
{
  MapDb *db = db_new ();
  ck_assert_uint_eq (mapdb_map_block (db, 2, 0, 2), 2);
  ck_assert (mapdb_is_mapped (db, 2, 0, 8));
  ck_assert (mapdb_is_mapped (db, 2, 0, 9));
  mapdb_free (db);
}
END_TEST

START_TEST (test_mapdb_map_twice_adds_nothing)
{
  MapDb *db = db_new ();
  ck_assert_uint_eq (mapdb_map_block (db, 0, 0, 0), 4);
  ck_assert_uint_eq (mapdb_map_block (db, 0, 0, 0), 0);
  ck_assert_uint_eq (mapdb_entries (db), 4);
  mapdb_free (db);
}
END_TEST

START_TEST (test_mapdb_revoke_block_removes_every_space)
{
  MapDb *db = db_new ();
  for (int s = 0; s < 3; s++)
    mapdb_map_block (db, s, 0, 0);
  mapdb_map_block (db, 1, 0, 1);
  size_t spaces = 0;
  ck_assert_uint_eq (mapdb_revoke_block (db, 0, 0, &spaces), 12);
  ck_assert_uint_eq (spaces, 3);
  for (int s = 0; s < 3; s++)
    ck_assert (!mapdb_is_mapped (db, s, 0, 2));
  ck_assert (mapdb_is_mapped (db, 1, 0, 5));
  ck_assert_uint_eq (mapdb_entries (db), 4);
  ck_assert_uint_eq (mapdb_entries_peak (db), 16);
  ck_assert_uint_eq (mapdb_revoke_block (db, 0, 0, &spaces), 0);
  mapdb_free (db);
}
END_TEST

START_TEST (test_mapdb_revoke_block_in_one_space)
{
  MapDb *db = db_new ();
  mapdb_map_block (db, 0, 0, 0);
  mapdb_map_block (db, 1, 0, 0);
  ck_assert_uint_eq (mapdb_revoke_block_in (db, 0, 0, 0), 4);
  ck_assert (!mapdb_is_mapped (db, 0, 0, 0));
  ck_assert (mapdb_is_mapped (db, 1, 0, 0));
  int out[3];
  ck_assert_uint_eq (mapdb_block_spaces (db, 0, 0, out, 3), 1);
  ck_assert_int_eq (out[0], 1);
  mapdb_free (db);
}
END_TEST

START_TEST (test_mapdb_revoke_space_leaves_the_others)
{
  MapDb *db = db_new ();
  mapdb_map_block (db, 1, 0, 0);
  mapdb_map_block (db, 1, 0, 2);
  mapdb_map_block (db, 1, 1, 12345);
  mapdb_map_block (db, 2, 0, 0);
  ck_assert_uint_eq (mapdb_revoke_space (db, 1), 7);
  ck_assert (!mapdb_is_mapped (db, 1, 1, 12345));
  ck_assert (!mapdb_is_mapped (db, 1, 0, 9));
  ck_assert (mapdb_is_mapped (db, 2, 0, 3));
  ck_assert_uint_eq (mapdb_entries (db), 4);
  /* The block lists stay consistent: revoking block 0 finds only space 2. */
  size_t spaces = 0;
  ck_assert_uint_eq (mapdb_revoke_block (db, 0, 0, &spaces), 4);
  ck_assert_uint_eq (spaces, 1);
  ck_assert_uint_eq (mapdb_entries (db), 0);
  mapdb_free (db);
}
END_TEST

START_TEST (test_mapdb_sparse_huge_dataspace)
{
  MapDb *db = db_new ();
  int64_t far = (INT64_C (1) << 40) - 1;
  ck_assert_uint_eq (mapdb_map_block (db, 0, 1, far), 1);
  ck_assert (mapdb_is_mapped (db, 0, 1, far));
  ck_assert (!mapdb_is_mapped (db, 0, 1, far - 1));
  ck_assert_uint_eq (mapdb_revoke_block (db, 1, far, NULL), 1);
  mapdb_free (db);
}
END_TEST

START_TEST (test_mapdb_entries_are_reused)
{
  MapDb *db = db_new ();
  /* Churn: map and revoke many times; the peak stays that of one round. */
  for (int round = 0; round < 1000; round++)
    {
      for (int s = 0; s < 3; s++)
        mapdb_map_block (db, s, 1, round);
      ck_assert_uint_eq (mapdb_revoke_block (db, 1, round, NULL), 3);
    }
  ck_assert_uint_eq (mapdb_entries (db), 0);
  ck_assert_uint_eq (mapdb_entries_peak (db), 3);
  mapdb_free (db);
}
END_TEST

Suite *mapdb_suite (void)
{
  Suite *s = suite_create ("mapdb");
  TCase *tc = tcase_create ("insert");
  tcase_add_test (tc, test_mapdb_map_block_adds_one_entry_per_page);
  tcase_add_test (tc, test_mapdb_map_block_clips_the_last_block);
  tcase_add_test (tc, test_mapdb_map_twice_adds_nothing);
  tcase_add_test (tc, test_mapdb_sparse_huge_dataspace);
  suite_add_tcase (s, tc);
  tc = tcase_create ("revoke");
  tcase_add_test (tc, test_mapdb_revoke_block_removes_every_space);
  tcase_add_test (tc, test_mapdb_revoke_block_in_one_space);
  tcase_add_test (tc, test_mapdb_revoke_space_leaves_the_others);
  tcase_add_test (tc, test_mapdb_entries_are_reused);
  suite_add_tcase (s, tc);
  return s;
}
