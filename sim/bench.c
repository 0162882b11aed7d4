/* The hold-model benchmark of the event queue, a plain 4-ary heap as its
 * reference, and the engine's dispatch rate.
 *
 * Increments are exponential with a mean of one simulated second: the hold
 * model is scale-free, and with a mean this long compared with the 1 ns
 * resolution equal times are as rare as in the textbook (continuous) model,
 * so the figure is that of the heap, not of the tie-breaking path.  The
 * queue is first filled to the size and then held twice as many times as it
 * has events, so the times have their steady-state spread before the clock
 * starts.  Everything here is timed in CPU time of the thread, not on
 * the wall clock: on a shared machine the wall clock also counts the
 * others' turns, several times the figure under load.
 *
 * The reference is the heap a textbook would write: one array of (time,
 * sequence number, handler, data), sift-up and sift-down moving a hole, no
 * cancellation and so no handle to keep up to date.  It draws the same
 * numbers as the event queue's run, so the two figures differ only by what
 * the event queue does beyond it. */
#include "sim/bench.h"

#include <stdarg.h>
#include <time.h>

#include "sim/engine/engine.h"
#include "sim/engine/evq.h"
#include "sim/engine/rng.h"

#define BENCH_MEAN_NS  1e9         /* mean increment of the hold model */
#define BENCH_HOLDS    500000      /* timed holds per turn */
#define BENCH_ROUNDS   6           /* turns of each queue, the best kept */
#define BENCH_REPEATS  3           /* best of, for the engine's rate */
#define BENCH_DRAWS    10000000
#define HEAP4_ARITY    4

double
bench_now_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* The calling thread's CPU time, s: what the micro-benchmarks time, so
 * that time the machine gives to other processes is not counted. */
static double
bench_cpu_s (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

void
bench_figure (const BenchOut *out, double value, const char *key, ...)
{
  va_list ap;

  if (out->figures == NULL)
    return;
  va_start (ap, key);
  vfprintf (out->figures, key, ap);
  va_end (ap);
  fprintf (out->figures, " %.9g\n", value);
  fflush (out->figures);
}

static void
bench_nothing (void *data)
{
  (void) data;
}

static void
bench_holds (EvQueue *q, RngStream *r, const Dist *d, size_t holds)
{
  EvItem ev;
  for (size_t i = 0; i < holds; i++)
    {
      evq_pop (q, &ev);
      evq_push (q, ev.when + dist_sample (d, r), ev.fn, ev.data);
    }
}

double
bench_hold_ns (size_t pending, size_t holds)
{
  g_return_val_if_fail (pending > 0, 0);

  EvQueue *q = evq_new ();
  RngStream r;
  Dist d = { DIST_EXP, BENCH_MEAN_NS, 0 };

  rng_init (&r, 1, "bench/hold");
  for (size_t i = 0; i < pending; i++)
    evq_push (q, dist_sample (&d, &r), bench_nothing, NULL);
  bench_holds (q, &r, &d, 2 * pending);

  double t0 = bench_cpu_s ();
  bench_holds (q, &r, &d, holds);
  double t1 = bench_cpu_s ();

  evq_free (q);
  return holds > 0 ? (t1 - t0) * 1e9 / (double) holds : 0;
}

/* ---- the reference heap ---------------------------------------------- */

typedef struct {
  SimTime when;
  uint64_t seq;
  SimEventFn fn;
  void *data;
} Heap4Item;

typedef struct {
  Heap4Item *a;
  size_t len, cap;
  uint64_t seq;
} Heap4;

static inline bool
heap4_before (const Heap4Item *x, const Heap4Item *y)
{
  return x->when < y->when || (x->when == y->when && x->seq < y->seq);
}

static void
heap4_push (Heap4 *h, SimTime when, SimEventFn fn, void *data)
{
  if (h->len == h->cap)
    {
      h->cap = h->cap ? 2 * h->cap : 64;
      h->a = g_renew (Heap4Item, h->a, h->cap);
    }
  Heap4Item it = { when, h->seq++, fn, data };
  size_t i = h->len++;
  while (i > 0)
    {
      size_t parent = (i - 1) / HEAP4_ARITY;
      if (!heap4_before (&it, &h->a[parent]))
        break;
      h->a[i] = h->a[parent];
      i = parent;
    }
  h->a[i] = it;
}

static void
heap4_pop (Heap4 *h, Heap4Item *out)
{
  *out = h->a[0];
  Heap4Item last = h->a[--h->len];
  size_t i = 0, n = h->len;
  for (;;)
    {
      size_t first = HEAP4_ARITY * i + 1, best = first;
      if (first >= n)
        break;
      for (size_t c = first + 1; c < first + HEAP4_ARITY && c < n; c++)
        if (heap4_before (&h->a[c], &h->a[best]))
          best = c;
      if (!heap4_before (&h->a[best], &last))
        break;
      h->a[i] = h->a[best];
      i = best;
    }
  if (n > 0)
    h->a[i] = last;
}

static void
heap4_holds (Heap4 *h, RngStream *r, const Dist *d, size_t holds)
{
  Heap4Item ev;
  for (size_t i = 0; i < holds; i++)
    {
      heap4_pop (h, &ev);
      heap4_push (h, ev.when + dist_sample (d, r), ev.fn, ev.data);
    }
}

static void
heap4_fill (Heap4 *h, RngStream *r, const Dist *d, size_t pending)
{
  rng_init (r, 1, "bench/hold");
  for (size_t i = 0; i < pending; i++)
    heap4_push (h, dist_sample (d, r), bench_nothing, NULL);
  heap4_holds (h, r, d, 2 * pending);
}

double
bench_heap4_hold_ns (size_t pending, size_t holds)
{
  g_return_val_if_fail (pending > 0, 0);

  Heap4 h = { 0 };
  RngStream r;
  Dist d = { DIST_EXP, BENCH_MEAN_NS, 0 };

  heap4_fill (&h, &r, &d, pending);
  double t0 = bench_cpu_s ();
  heap4_holds (&h, &r, &d, holds);
  double t1 = bench_cpu_s ();

  g_free (h.a);
  return holds > 0 ? (t1 - t0) * 1e9 / (double) holds : 0;
}

/* Both queues at `pending`, each warmed up, then timed in turns of
 * BENCH_HOLDS holds, BENCH_ROUNDS times each: the machine is shared, and
 * turns this short make a burst of load from elsewhere hit both alike.
 * The best turn of each is kept. */
static void
bench_hold_pair (size_t pending, double *evq_ns, double *heap4_ns)
{
  EvQueue *q = evq_new ();
  Heap4 h = { 0 };
  RngStream rq, rh;
  Dist d = { DIST_EXP, BENCH_MEAN_NS, 0 };

  rng_init (&rq, 1, "bench/hold");
  for (size_t i = 0; i < pending; i++)
    evq_push (q, dist_sample (&d, &rq), bench_nothing, NULL);
  bench_holds (q, &rq, &d, 2 * pending);
  heap4_fill (&h, &rh, &d, pending);

  *evq_ns = *heap4_ns = G_MAXDOUBLE;
  for (int k = 0; k < BENCH_ROUNDS; k++)
    {
      double t0 = bench_cpu_s ();
      bench_holds (q, &rq, &d, BENCH_HOLDS);
      double t1 = bench_cpu_s ();
      heap4_holds (&h, &rh, &d, BENCH_HOLDS);
      double t2 = bench_cpu_s ();
      *evq_ns = MIN (*evq_ns, (t1 - t0) * 1e9 / BENCH_HOLDS);
      *heap4_ns = MIN (*heap4_ns, (t2 - t1) * 1e9 / BENCH_HOLDS);
    }
  evq_free (q);
  g_free (h.a);
}

/* ---- references -------------------------------------------------------- */

/* The cost of the draw that each hold includes. */
static double
bench_draw_ns (void)
{
  RngStream r;
  Dist d = { DIST_EXP, BENCH_MEAN_NS, 0 };
  volatile int64_t sink;            /* keeps the draws from being optimised away */

  rng_init (&r, 1, "bench/draw");
  double t0 = bench_cpu_s ();
  for (size_t i = 0; i < BENCH_DRAWS; i++)
    sink = dist_sample (&d, &r);
  double t1 = bench_cpu_s ();
  (void) sink;
  return (t1 - t0) * 1e9 / BENCH_DRAWS;
}

typedef struct {
  SimEngine *engine;
  RngStream rng;
  Dist dist;
} BenchTicker;

static void
bench_tick (void *data)
{
  BenchTicker *t = data;
  sim_schedule_in (t->engine, dist_sample (&t->dist, &t->rng), bench_tick, t);
}

/* Events per second through sim_run with `pending` self-rescheduling events. */
static double
bench_engine_ns (size_t pending, uint64_t events)
{
  SimEngine *e = sim_engine_new (1);
  BenchTicker t = { .engine = e, .dist = { DIST_EXP, BENCH_MEAN_NS, 0 } };

  sim_rng (e, &t.rng, "bench/engine");
  for (size_t i = 0; i < pending; i++)
    sim_schedule (e, dist_sample (&t.dist, &t.rng), bench_tick, &t);
  sim_run (e, INT64_MAX, 2 * pending);

  double t0 = bench_cpu_s ();
  sim_run (e, INT64_MAX, events);
  double t1 = bench_cpu_s ();

  sim_engine_free (e);
  return (t1 - t0) * 1e9 / (double) events;
}

void
bench_hold (const BenchOut *out)
{
  static const size_t sizes[] = { 1000, 10000, 100000, 1000000 };
  FILE *f = out->text;

  fprintf (f, "event queue, hold model: pop the earliest, schedule one at its time + exp (mean 1 s);\n"
           "reference: a plain 4-ary heap of (time, seq, handler, data) without cancellation\n");
  fprintf (f, "%10s %10s %12s %14s %8s\n", "pending", "ns/hold", "Mholds/s", "4-ary ns/hold",
           "ratio");
  for (size_t i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      double best, ref;

      bench_hold_pair (sizes[i], &best, &ref);
      fprintf (f, "%10zu %10.1f %12.2f %14.1f %8.3f\n", sizes[i], best, 1e3 / best, ref,
               best / ref);
      fflush (f);
      bench_figure (out, best, "hold.evq_ns.%zu", sizes[i]);
      bench_figure (out, ref, "hold.heap4_ns.%zu", sizes[i]);
      bench_figure (out, best / ref, "hold.ratio.%zu", sizes[i]);
    }

  double draw = bench_draw_ns ();
  double engine = G_MAXDOUBLE;
  for (int k = 0; k < BENCH_REPEATS; k++)
    engine = MIN (engine, bench_engine_ns (10000, BENCH_HOLDS));
  fprintf (f, "reference: one exp draw %.1f ns (included above)\n", draw);
  fprintf (f, "reference: sim_run dispatch at 10000 pending %.1f ns/event = %.2f M events/s\n",
           engine, 1e3 / engine);
  bench_figure (out, draw, "hold.draw_ns");
  bench_figure (out, engine, "hold.engine_ns.10000");
}
