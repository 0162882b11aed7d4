/* Tests of sim/engine/evq.c: order, ties, cancel (also from inside a dispatch
 * loop), stale ids, and a long random mix of operations checked step by
 * step against a plain sorted array of the live events. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "sim/bench.h"
#include "sim/engine/evq.h"
#include "sim/engine/rng.h"

static EvQueue *q;

static void
setup (void)
{
  q = evq_new ();
}

static void
teardown (void)
{
  evq_free (q);
  q = NULL;
}

/* Handlers are never called by the queue itself; most tests only need a
 * distinct, recognisable data pointer. */
static void
noop (void *data)
{
  (void) data;
}

#define TAG(i) ((void *) (uintptr_t) (i))
#define UNTAG(p) ((uintptr_t) (p))

/* ---- core ---- */

START_TEST (test_evq_empty)
{
  EvItem ev;
  SimTime t = 123;

  ck_assert_uint_eq (evq_size (q), 0);
  ck_assert (!evq_pop (q, &ev));
  ck_assert (!evq_peek_time (q, &t));
  ck_assert_int_eq (t, 123);
}
END_TEST

START_TEST (test_evq_order)
{
  /* 1000 distinct times in a scrambled order (7919 is prime, so i * 7919
   * mod 1000 visits every residue once). */
  for (int i = 0; i < 1000; i++)
    {
      SimTime t = (SimTime) ((i * 7919) % 1000) * 10;
      ck_assert_uint_ne (evq_push (q, t, noop, TAG (t)), 0);
    }
  ck_assert_uint_eq (evq_size (q), 1000);

  EvItem ev;
  for (int i = 0; i < 1000; i++)
    {
      SimTime peek;
      ck_assert (evq_peek_time (q, &peek));
      ck_assert (evq_pop (q, &ev));
      ck_assert_int_eq (ev.when, (SimTime) i * 10);
      ck_assert_int_eq (peek, ev.when);
      ck_assert_uint_eq (UNTAG (ev.data), (uintptr_t) ev.when);
      ck_assert_ptr_eq (ev.fn, noop);
      ck_assert_uint_eq (evq_size (q), (size_t) (999 - i));
    }
  ck_assert (!evq_pop (q, &ev));
}
END_TEST

START_TEST (test_evq_ties_in_insertion_order)
{
  /* Three instants, 200 events each, pushed interleaved and with later
   * instants first: within an instant they must come out in push order. */
  for (int i = 0; i < 200; i++)
    for (int k = 2; k >= 0; k--)
      evq_push (q, 1000 * k, noop, TAG (k * 1000 + i));

  EvItem ev;
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < 200; i++)
      {
        ck_assert (evq_pop (q, &ev));
        ck_assert_int_eq (ev.when, 1000 * k);
        ck_assert_uint_eq (UNTAG (ev.data), (uintptr_t) (k * 1000 + i));
      }
}
END_TEST

START_TEST (test_evq_negative_and_extreme_times)
{
  evq_push (q, INT64_MAX, noop, TAG (3));
  evq_push (q, 0, noop, TAG (2));
  evq_push (q, INT64_MIN, noop, TAG (1));

  EvItem ev;
  for (uintptr_t want = 1; want <= 3; want++)
    {
      ck_assert (evq_pop (q, &ev));
      ck_assert_uint_eq (UNTAG (ev.data), want);
    }
}
END_TEST

START_TEST (test_evq_ids_distinct_and_nonzero)
{
  /* Ids of events that reuse the same node (push, pop, push, ...) differ. */
  GHashTable *seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  static SimEventId ids[3000];
  EvItem ev;

  for (int i = 0; i < 3000; i++)
    {
      ids[i] = evq_push (q, i, noop, NULL);
      ck_assert_uint_ne (ids[i], 0);
      ck_assert (g_hash_table_add (seen, &ids[i]));
      if (i % 3 != 0)
        evq_pop (q, &ev);
    }
  g_hash_table_unref (seen);
}
END_TEST

/* ---- cancel ---- */

START_TEST (test_evq_cancel_pending)
{
  SimEventId id[10];

  for (int i = 0; i < 10; i++)
    id[i] = evq_push (q, i, noop, TAG (i));
  /* The root, a middle node, the last slot. */
  ck_assert (evq_cancel (q, id[0]));
  ck_assert (evq_cancel (q, id[5]));
  ck_assert (evq_cancel (q, id[9]));
  ck_assert_uint_eq (evq_size (q), 7);

  static const int left[] = { 1, 2, 3, 4, 6, 7, 8 };
  EvItem ev;
  for (size_t k = 0; k < G_N_ELEMENTS (left); k++)
    {
      ck_assert (evq_pop (q, &ev));
      ck_assert_uint_eq (UNTAG (ev.data), (uintptr_t) left[k]);
    }
  ck_assert_uint_eq (evq_size (q), 0);
}
END_TEST

START_TEST (test_evq_cancel_twice_fails)
{
  SimEventId a = evq_push (q, 5, noop, NULL);
  evq_push (q, 6, noop, NULL);

  ck_assert (evq_cancel (q, a));
  ck_assert (!evq_cancel (q, a));
  ck_assert_uint_eq (evq_size (q), 1);
}
END_TEST

START_TEST (test_evq_cancel_after_pop_fails)
{
  EvItem ev;
  SimEventId a = evq_push (q, 5, noop, NULL);

  ck_assert (evq_pop (q, &ev));
  ck_assert (!evq_cancel (q, a));
}
END_TEST

START_TEST (test_evq_cancel_stale_id)
{
  /* `a` runs; `b` then reuses a's node.  a's id must not cancel b. */
  EvItem ev;
  SimEventId a = evq_push (q, 5, noop, TAG (1));

  ck_assert (evq_pop (q, &ev));
  SimEventId b = evq_push (q, 7, noop, TAG (2));
  ck_assert_uint_ne (a, b);
  ck_assert_uint_eq ((uint32_t) a, (uint32_t) b);   /* the same node, by design */
  ck_assert (!evq_cancel (q, a));
  ck_assert_uint_eq (evq_size (q), 1);
  ck_assert (evq_pop (q, &ev));
  ck_assert_uint_eq (UNTAG (ev.data), 2);
}
END_TEST

START_TEST (test_evq_cancel_bogus_ids)
{
  SimEventId a = evq_push (q, 5, noop, NULL);

  ck_assert (!evq_cancel (q, 0));
  ck_assert (!evq_cancel (q, a + 1));                /* a node never used */
  ck_assert (!evq_cancel (q, a ^ (UINT64_C (1) << 32))); /* a free generation */
  ck_assert (!evq_cancel (q, a + (UINT64_C (2) << 32))); /* a future one */
  ck_assert (!evq_cancel (q, UINT64_MAX));
  ck_assert_uint_eq (evq_size (q), 1);
  ck_assert (evq_cancel (q, a));
}
END_TEST

/* A dispatch loop as the engine runs it: an event is popped before its
 * handler runs, and the handler cancels through the queue. */
typedef struct {
  SimEventId self, later, same_time;
  bool cancelled_self, cancelled_later, cancelled_same;
  int ran[8];
  int n_ran;
} Dispatch;

static Dispatch dsp;

static void
record (void *data)
{
  dsp.ran[dsp.n_ran++] = (int) UNTAG (data);
}

static void
canceller (void *data)
{
  record (data);
  dsp.cancelled_self = evq_cancel (q, dsp.self);
  dsp.cancelled_later = evq_cancel (q, dsp.later);
  dsp.cancelled_same = evq_cancel (q, dsp.same_time);
}

START_TEST (test_evq_cancel_during_dispatch)
{
  memset (&dsp, 0, sizeof dsp);
  evq_push (q, 5, record, TAG (1));
  dsp.self = evq_push (q, 10, canceller, TAG (2));
  dsp.same_time = evq_push (q, 10, record, TAG (99));   /* due with it, after it */
  evq_push (q, 15, record, TAG (3));
  dsp.later = evq_push (q, 20, record, TAG (98));
  evq_push (q, 30, record, TAG (4));

  EvItem ev;
  while (evq_pop (q, &ev))
    ev.fn (ev.data);

  ck_assert (!dsp.cancelled_self);
  ck_assert (dsp.cancelled_later);
  ck_assert (dsp.cancelled_same);
  ck_assert_int_eq (dsp.n_ran, 4);
  for (int i = 0; i < 4; i++)
    ck_assert_int_eq (dsp.ran[i], i + 1);
}
END_TEST

/* ---- random operations against a reference ---- */

typedef struct {
  SimTime when;
  uint64_t seq;
  SimEventId id;
} Ref;

typedef struct {
  Ref *v;
  size_t n, cap;
} RefSet;

/* Index of the first entry after (when, seq) in (time, seq) order. */
static size_t
ref_upper (const RefSet *r, SimTime when, uint64_t seq)
{
  size_t lo = 0, hi = r->n;
  while (lo < hi)
    {
      size_t mid = (lo + hi) / 2;
      const Ref *m = &r->v[mid];
      if (m->when < when || (m->when == when && m->seq <= seq))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
ref_insert (RefSet *r, Ref e)
{
  if (r->n == r->cap)
    {
      r->cap = r->cap ? 2 * r->cap : 256;
      r->v = g_renew (Ref, r->v, r->cap);
    }
  size_t at = ref_upper (r, e.when, e.seq);
  memmove (&r->v[at + 1], &r->v[at], (r->n - at) * sizeof (Ref));
  r->v[at] = e;
  r->n++;
}

static void
ref_remove (RefSet *r, size_t at)
{
  memmove (&r->v[at], &r->v[at + 1], (r->n - at - 1) * sizeof (Ref));
  r->n--;
}

START_TEST (test_evq_random_against_reference)
{
  enum { OPS = 1000000, DEAD = 64 };
  /* The live-set size drifts towards a target that changes every 100000
   * operations, so the heap is exercised shallow, deep, and while growing
   * and shrinking. */
  static const size_t targets[] = { 20, 300, 3000, 2, 1000, 50, 5000, 0, 700, 10 };
  RefSet ref = { 0 };
  SimEventId dead[DEAD] = { 0 };
  size_t n_dead = 0;
  uint64_t seq = 0;
  RngStream r;
  /* Counted instead of asserted one by one: a Check assertion per step
   * would dominate the run time.  The first bad step is remembered. */
  long bad_step = -1;
  const char *bad_what = NULL;
#define EXPECT(cond, what) \
  do { if (!(cond) && bad_step < 0) { bad_step = op; bad_what = (what); } } while (0)

  rng_init (&r, 2024, "evq/random");
  for (long op = 0; op < OPS; op++)
    {
      size_t target = targets[(op / 100000) % G_N_ELEMENTS (targets)];
      uint64_t roll = rng_below (&r, 100);
      int push_pct = ref.n < target ? 60 : 40;

      if (roll < (uint64_t) push_pct)
        {
          /* Times from a narrow range: ties are frequent. */
          Ref e = { .when = (SimTime) rng_below (&r, 1000), .seq = seq++ };
          e.id = evq_push (q, e.when, noop, TAG (e.seq + 1));
          EXPECT (e.id != 0, "push returned id 0");
          ref_insert (&ref, e);
        }
      else if (roll < 80)
        {
          EvItem ev;
          bool got = evq_pop (q, &ev);
          EXPECT (got == (ref.n > 0), "pop on empty / empty pop");
          if (got && ref.n > 0)
            {
              EXPECT (ev.when == ref.v[0].when, "pop time");
              EXPECT (UNTAG (ev.data) == ref.v[0].seq + 1, "pop order among ties");
              dead[n_dead++ % DEAD] = ref.v[0].id;
              ref_remove (&ref, 0);
            }
        }
      else if (roll < 96)
        {
          if (ref.n > 0)
            {
              size_t at = (size_t) rng_below (&r, ref.n);
              EXPECT (evq_cancel (q, ref.v[at].id), "cancel of a live id");
              dead[n_dead++ % DEAD] = ref.v[at].id;
              ref_remove (&ref, at);
            }
        }
      else if (n_dead > 0)
        {
          SimEventId id = dead[rng_below (&r, MIN (n_dead, (size_t) DEAD))];
          EXPECT (!evq_cancel (q, id), "cancel of a dead id");
        }

      EXPECT (evq_size (q) == ref.n, "size");
      SimTime t;
      bool any = evq_peek_time (q, &t);
      EXPECT (any == (ref.n > 0), "peek on empty");
      if (any && ref.n > 0)
        EXPECT (t == ref.v[0].when, "peek time");
    }
#undef EXPECT
  ck_assert_msg (bad_step < 0, "step %ld: %s", bad_step, bad_what);

  /* Drain: what is left comes out in (time, seq) order. */
  EvItem ev;
  size_t i = 0, out_of_order = 0;
  while (evq_pop (q, &ev))
    out_of_order += i >= ref.n || UNTAG (ev.data) != ref.v[i++].seq + 1;
  ck_assert_uint_eq (out_of_order, 0);
  ck_assert_uint_eq (i, ref.n);
  g_free (ref.v);
}
END_TEST

/* ---- bench ---- */

START_TEST (test_bench_hold_ns_measures)
{
  /* A tiny run: only that it runs the holds and reports a sane figure. */
  double ns = bench_hold_ns (100, 20000);
  ck_assert (ns > 0.5 && ns < 1e6);
  ck_assert_double_eq (bench_hold_ns (10, 0), 0);
}
END_TEST

Suite *evq_suite (void)
{
  Suite *s = suite_create ("evq");

  TCase *tc = tcase_create ("core");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_evq_empty);
  tcase_add_test (tc, test_evq_order);
  tcase_add_test (tc, test_evq_ties_in_insertion_order);
  tcase_add_test (tc, test_evq_negative_and_extreme_times);
  tcase_add_test (tc, test_evq_ids_distinct_and_nonzero);
  suite_add_tcase (s, tc);

  tc = tcase_create ("cancel");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_evq_cancel_pending);
  tcase_add_test (tc, test_evq_cancel_twice_fails);
  tcase_add_test (tc, test_evq_cancel_after_pop_fails);
  tcase_add_test (tc, test_evq_cancel_stale_id);
  tcase_add_test (tc, test_evq_cancel_bogus_ids);
  tcase_add_test (tc, test_evq_cancel_during_dispatch);
  suite_add_tcase (s, tc);

  tc = tcase_create ("random");
  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 60);   /* 0.2 s, but ~5 s under the sanitizers */
  tcase_add_test (tc, test_evq_random_against_reference);
  suite_add_tcase (s, tc);

  tc = tcase_create ("bench");
  tcase_add_test (tc, test_bench_hold_ns_measures);
  suite_add_tcase (s, tc);

  return s;
}
