/* The hold-model benchmark of the event queue, and the engine's dispatch rate
 * as a reference.
 *
 * Increments are exponential with a mean of one simulated second: the hold
 * model is scale-free, and with a mean this long compared with the 1 ns
 * resolution equal times are as rare as in the textbook (continuous) model,
 * so the figure is that of the heap, not of the tie-breaking path.  The
 * queue is first filled to the size and then held twice as many times as it
 * has events, so the times have their steady-state spread before the clock
 * starts. */
#include "sim/bench.h"

#include <time.h>

#include <glib.h>

#include "sim/engine/engine.h"
#include "sim/engine/evq.h"
#include "sim/engine/rng.h"

#define BENCH_MEAN_NS  1e9         /* mean increment of the hold model */
#define BENCH_HOLDS    2000000     /* timed holds per measurement */
#define BENCH_REPEATS  3           /* best of, against a busy machine */
#define BENCH_DRAWS    10000000

static double
bench_now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
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

  double t0 = bench_now_ns ();
  bench_holds (q, &r, &d, holds);
  double t1 = bench_now_ns ();

  evq_free (q);
  return holds > 0 ? (t1 - t0) / (double) holds : 0;
}

/* The cost of the draw that each hold includes. */
static double
bench_draw_ns (void)
{
  RngStream r;
  Dist d = { DIST_EXP, BENCH_MEAN_NS, 0 };
  volatile int64_t sink;            /* keeps the draws from being optimised away */

  rng_init (&r, 1, "bench/draw");
  double t0 = bench_now_ns ();
  for (size_t i = 0; i < BENCH_DRAWS; i++)
    sink = dist_sample (&d, &r);
  double t1 = bench_now_ns ();
  (void) sink;
  return (t1 - t0) / BENCH_DRAWS;
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

  double t0 = bench_now_ns ();
  sim_run (e, INT64_MAX, events);
  double t1 = bench_now_ns ();

  sim_engine_free (e);
  return (t1 - t0) / (double) events;
}

void
bench_hold (FILE *out)
{
  static const size_t sizes[] = { 1000, 10000, 100000, 1000000 };

  fprintf (out, "event queue, hold model: pop the earliest, schedule one at its time + exp (mean 1 s)\n");
  fprintf (out, "%10s %10s %12s\n", "pending", "ns/hold", "Mholds/s");
  for (size_t i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      double best = G_MAXDOUBLE;
      for (int k = 0; k < BENCH_REPEATS; k++)
        best = MIN (best, bench_hold_ns (sizes[i], BENCH_HOLDS));
      fprintf (out, "%10zu %10.1f %12.2f\n", sizes[i], best, 1e3 / best);
      fflush (out);
    }

  double draw = bench_draw_ns ();
  double engine = G_MAXDOUBLE;
  for (int k = 0; k < BENCH_REPEATS; k++)
    engine = MIN (engine, bench_engine_ns (10000, BENCH_HOLDS));
  fprintf (out, "reference: one exp draw %.1f ns (included above)\n", draw);
  fprintf (out, "reference: sim_run dispatch at 10000 pending %.1f ns/event = %.2f M events/s\n",
           engine, 1e3 / engine);
}
