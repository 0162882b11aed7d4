/* A generator of random valid scenarios for the property test
 * (tests/check_props.c): a small seeded PRNG of its own, a JSON writer
 * into a GString, and props_gen_scenario(), which writes one scenario as
 * text from a seed.  Every scenario it writes is meant to load: if the
 * loader refuses one, that is a bug here, not in the loader.
 *
 * What it covers: all four strategies (no `gui` under
 * local-region-mapper, which the loader refuses); the kernel options
 * (time_slice, ipc_timeout with 0, timer_tick 0 or > 0, on_timeout,
 * scheduler fiasco or sel4, send_queue, ipc_switch, never direct under
 * sel4), random costs with zeros, mapdb_entry_bytes; core.pager_threads
 * 1-3, its priority and quota; managers with every behavior (ok, slow,
 * hang after a time or after N faults, crash), map_pages, exclusive;
 * dataspaces plain and managed with resident and acyclic backing chains;
 * plain servers; processes with exit_at and rm_pages; threads with count;
 * programs mixing compute (also "forever"), touch (every pattern), call
 * (with and without a timeout, 0 too), sleep and nested repeats; warmup,
 * stall_threshold; a GUI with every client behavior (ok, busy, slow, hang
 * after a time or N events, crash) and event source (a distribution,
 * period, burst).  Every distribution form appears.
 *
 * Runs stay short (5-50 ms) and small so that hundreds of cases take
 * seconds.  Every repeat body holds a compute or sleep whose every draw is
 * > 0, so no program loops within one instant (the runaway guard), and
 * every scenario carries a max_events far above what it needs, so that a
 * run that runs away anyway stops soon (PROPS_MAX_EVENTS). */
#ifndef MKSIM_PROPS_GEN_H
#define MKSIM_PROPS_GEN_H

#include <glib.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>

/* ------------------------------------------------------------ PRNG */

/* splitmix64: small, and good enough to pick shapes of scenarios. */
typedef struct {
  uint64_t s;
} PropsRng;

static inline uint64_t
props_rng_next (PropsRng *r)
{
  uint64_t z = (r->s += UINT64_C (0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0 (the modulo bias is irrelevant here). */
static inline uint64_t
props_below (PropsRng *r, uint64_t n)
{
  return props_rng_next (r) % n;
}

/* Uniform in [lo, hi]. */
static inline int64_t
props_range (PropsRng *r, int64_t lo, int64_t hi)
{
  return lo + (int64_t) props_below (r, (uint64_t) (hi - lo) + 1);
}

/* True with probability percent / 100. */
static inline bool
props_chance (PropsRng *r, int percent)
{
  return (int) props_below (r, 100) < percent;
}

/* ------------------------------------------------------------ JSON writer */

#define PROPS_JW_DEPTH 40
/* Objects up to this depth put each member on its own line. */
#define PROPS_JW_LINES 3

typedef struct {
  GString *s;
  int depth;
  bool first[PROPS_JW_DEPTH];
  bool is_obj[PROPS_JW_DEPTH];
  bool after_key;      /* a key was written; its value comes next */
} PropsJw;

/* Before a value or a key: the separator and line break it needs. */
static inline void
props_jw_sep (PropsJw *w)
{
  if (w->after_key)
    {
      w->after_key = false;
      return;
    }
  if (w->depth == 0)
    return;
  if (!w->first[w->depth])
    g_string_append_c (w->s, ',');
  w->first[w->depth] = false;
  if (w->is_obj[w->depth] && w->depth <= PROPS_JW_LINES)
    {
      g_string_append_c (w->s, '\n');
      for (int i = 0; i < w->depth; i++)
        g_string_append (w->s, "  ");
    }
  else
    g_string_append_c (w->s, ' ');
}

static inline void
props_jw_key (PropsJw *w, const char *key)
{
  props_jw_sep (w);
  g_string_append_printf (w->s, "\"%s\": ", key);
  w->after_key = true;
}

static inline void
props_jw_open (PropsJw *w, bool obj)
{
  props_jw_sep (w);
  g_string_append_c (w->s, obj ? '{' : '[');
  g_assert (w->depth + 1 < PROPS_JW_DEPTH);
  w->depth++;
  w->first[w->depth] = true;
  w->is_obj[w->depth] = obj;
}

static inline void
props_jw_close (PropsJw *w)
{
  bool obj = w->is_obj[w->depth];
  bool lines = obj && w->depth <= PROPS_JW_LINES && !w->first[w->depth];
  w->depth--;
  if (lines)
    {
      g_string_append_c (w->s, '\n');
      for (int i = 0; i < w->depth; i++)
        g_string_append (w->s, "  ");
    }
  else if (!w->first[w->depth + 1])
    g_string_append_c (w->s, ' ');
  g_string_append_c (w->s, obj ? '}' : ']');
}

/* Names and enum values only: no character here needs escaping. */
static inline void
props_jw_str (PropsJw *w, const char *v)
{
  props_jw_sep (w);
  g_string_append_printf (w->s, "\"%s\"", v);
}

static inline void
props_jw_int (PropsJw *w, int64_t v)
{
  props_jw_sep (w);
  g_string_append_printf (w->s, "%" PRId64, v);
}

static inline void
props_jw_num (PropsJw *w, double v)
{
  props_jw_sep (w);
  g_string_append_printf (w->s, "%.3f", v);
}

static inline void
props_jw_bool (PropsJw *w, bool v)
{
  props_jw_sep (w);
  g_string_append (w->s, v ? "true" : "false");
}

/* A duration string, in the largest unit that writes it whole, so that
 * the loader's every unit is read. */
static inline void
props_jw_dur (PropsJw *w, int64_t ns)
{
  props_jw_sep (w);
  if (ns != 0 && ns % 1000000000 == 0)
    g_string_append_printf (w->s, "\"%" PRId64 "s\"", ns / 1000000000);
  else if (ns != 0 && ns % 1000000 == 0)
    g_string_append_printf (w->s, "\"%" PRId64 "ms\"", ns / 1000000);
  else if (ns != 0 && ns % 1000 == 0)
    g_string_append_printf (w->s, "\"%" PRId64 "us\"", ns / 1000);
  else if (ns % 100 == 0 && ns >= 1000)
    g_string_append_printf (w->s, "\"%" PRId64 ".%" PRId64 "us\"", ns / 1000, ns % 1000 / 100);
  else
    g_string_append_printf (w->s, "\"%" PRId64 "ns\"", ns);
}

/* ------------------------------------------------------------ scenarios */

#define PROPS_US INT64_C (1000)
#define PROPS_MS INT64_C (1000000)

/* PROPS_GEN_AVOID_RETRY_SPIN (1: steer clear): under ipc-timeout with
 * kernel.ipc_timeout 0, on_timeout "retry" and costs.ipc 0, a fault on a
 * hung manager's dataspace makes core retry its non-blocking reflection
 * within one instant for ever.  The kernel's bound on operations of no
 * length within one instant stops such a run (it is then not held to the
 * laws); with 1 the generator gives costs.ipc > 0 instead. */
#ifndef PROPS_GEN_AVOID_RETRY_SPIN
#define PROPS_GEN_AVOID_RETRY_SPIN 0
#endif

/* Every scenario's max_events: a run that gets there has run away (the
 * largest of 50 000 cases takes about a million events), and stops in
 * seconds rather than after the default 10^9 events. */
#define PROPS_MAX_EVENTS 3000000

/* Index of ipc-timeout in props_strategies. */
#define PROPS_IPC_TIMEOUT 3

/* The shape decided before writing, so references resolve. */
typedef struct {
  PropsRng *r;
  PropsJw *w;
  int strategy;        /* index into props_strategies */
  int64_t duration;
  int n_managers, n_dataspaces, n_servers;
  int cpus;            /* kernel.cpus */
  bool managed[8];
} PropsGen;

/* A duration in [lo, hi], rounded to 100 ns above 10 us (as people write them). */
static inline int64_t
props_dur (PropsRng *r, int64_t lo, int64_t hi)
{
  int64_t v = props_range (r, lo, hi);
  if (v > 10 * PROPS_US)
    v = MAX (lo, v / 100 * 100);
  return v;
}

/* A distribution of durations around [lo, hi]: every form the loader
 * takes.  `positive`: every draw is > 0 (constant, uniform or Pareto with
 * lo > 0), for the op that keeps a loop moving. */
static inline void
props_gen_dist (PropsGen *g, int64_t lo, int64_t hi, bool positive)
{
  PropsJw *w = g->w;
  PropsRng *r = g->r;
  int form = (int) props_below (r, positive ? 3 : 6);
  if (positive)
    lo = MAX (lo, PROPS_US);
  switch (form)
    {
    case 0:
      props_jw_dur (w, props_dur (r, lo, hi));
      return;
    case 1:
      {
        int64_t a = props_dur (r, lo, hi), b = props_dur (r, lo, hi);
        props_jw_open (w, true);
        props_jw_key (w, "uniform");
        props_jw_open (w, false);
        props_jw_dur (w, MIN (a, b));
        props_jw_dur (w, MAX (a, b));
        props_jw_close (w);
        props_jw_close (w);
        return;
      }
    case 2:
      props_jw_open (w, true);
      props_jw_key (w, "pareto");
      props_jw_open (w, true);
      props_jw_key (w, "min");
      props_jw_dur (w, props_dur (r, MAX (lo, 1), MAX (hi / 4, MAX (lo, 1))));
      props_jw_key (w, "alpha");
      props_jw_num (w, 0.5 + (double) props_below (r, 2500) / 1000.0);
      props_jw_close (w);
      props_jw_close (w);
      return;
    case 3:
      props_jw_open (w, true);
      props_jw_key (w, "exp");
      props_jw_dur (w, props_dur (r, MAX (lo, 1), hi));
      props_jw_close (w);
      return;
    case 4:
      props_jw_open (w, true);
      props_jw_key (w, "normal");
      props_jw_open (w, true);
      props_jw_key (w, "mean");
      props_jw_dur (w, props_dur (r, MAX (lo, 1), hi));
      props_jw_key (w, "sd");
      props_jw_dur (w, props_dur (r, 0, hi));
      props_jw_close (w);
      props_jw_close (w);
      return;
    default:
      props_jw_open (w, true);
      props_jw_key (w, "lognormal");
      props_jw_open (w, true);
      props_jw_key (w, "median");
      props_jw_dur (w, props_dur (r, MAX (lo, 1), hi));
      props_jw_key (w, "sigma");
      props_jw_num (w, (double) props_below (r, 1500) / 1000.0);
      props_jw_close (w);
      props_jw_close (w);
      return;
    }
}

/* A "cpu" key with several CPUs: a number, or for components of several
 * threads (`many`) also a list or "spread".  Absent (CPU 0) sometimes. */
static inline void
props_gen_cpu (PropsGen *g, bool many)
{
  PropsJw *w = g->w;
  PropsRng *r = g->r;
  if (g->cpus < 2 || props_chance (r, 25))
    return;
  props_jw_key (w, "cpu");
  int pick = many ? (int) props_below (r, 3) : 0;
  if (pick == 0)
    props_jw_int (w, (int64_t) props_below (r, (uint64_t) g->cpus));
  else if (pick == 1)
    props_jw_str (w, "spread");
  else
    {
      int n = (int) props_range (r, 1, 3);
      props_jw_open (w, false);
      for (int i = 0; i < n; i++)
        props_jw_int (w, (int64_t) props_below (r, (uint64_t) g->cpus));
      props_jw_close (w);
    }
}

static inline void
props_gen_priority (PropsGen *g, int lo, int hi)
{
  if (props_chance (g->r, 70))
    {
      props_jw_key (g->w, "priority");
      props_jw_int (g->w, props_range (g->r, lo, hi));
    }
}

/* A behavior: managers ok, slow, hang (after a time or N faults), crash;
 * GUI clients also busy.  Absent (= ok) sometimes. */
static inline void
props_gen_behavior (PropsGen *g, bool client)
{
  PropsJw *w = g->w;
  PropsRng *r = g->r;
  if (props_chance (r, 20))
    return;
  props_jw_key (w, "behavior");
  props_jw_open (w, true);
  props_jw_key (w, "kind");
  switch (props_below (r, client ? 6 : 5))
    {
    case 0:
      props_jw_str (w, "ok");
      break;
    case 1:
      {
        int what = (int) props_below (r, 3);   /* service, io, both */
        props_jw_str (w, "slow");
        if (what != 1)
          {
            props_jw_key (w, "service");
            props_gen_dist (g, 50 * PROPS_US, 3 * PROPS_MS, false);
          }
        if (what != 0)
          {
            props_jw_key (w, "io");
            props_gen_dist (g, 50 * PROPS_US, 3 * PROPS_MS, false);
          }
        break;
      }
    case 2:
      props_jw_str (w, "hang");
      props_jw_key (w, "after");
      props_jw_dur (w, props_dur (r, 0, g->duration));
      break;
    case 3:
      props_jw_str (w, "hang");
      props_jw_key (w, "faults");
      props_jw_int (w, props_range (r, 0, 20));
      break;
    case 4:
      props_jw_str (w, "crash");
      props_jw_key (w, "after");
      props_jw_dur (w, props_dur (r, 0, g->duration));
      break;
    default:
      props_jw_str (w, "busy");
      props_jw_key (w, "compute");
      props_gen_dist (g, 0, 5 * PROPS_MS, false);
      break;
    }
  props_jw_close (w);
}

static inline void
props_gen_kernel (PropsGen *g)
{
  static const char *const cost_keys[] = {
    "ipc", "signal", "context_switch", "fault_entry", "map", "mapdb_insert", "mapdb_revoke",
    "signal_delivery", "ipi",
  };
  PropsJw *w = g->w;
  PropsRng *r = g->r;
  if (g->cpus == 1 && props_chance (r, 15))
    return;
  props_jw_key (w, "kernel");
  props_jw_open (w, true);
  if (g->cpus > 1)
    {
      props_jw_key (w, "cpus");
      props_jw_int (w, g->cpus);
    }
  if (props_chance (r, 50))
    {
      props_jw_key (w, "time_slice");
      props_jw_dur (w, props_chance (r, 20) ? props_dur (r, 1 * PROPS_US, 100 * PROPS_US)
                                            : props_dur (r, 100 * PROPS_US, 10 * PROPS_MS));
    }
  /* ipc-timeout's own keys come more often under ipc-timeout. */
  bool own = g->strategy == PROPS_IPC_TIMEOUT;
  bool timeout_0 = false, retry = false;
  if (props_chance (r, own ? 85 : 50))
    {
      timeout_0 = props_chance (r, 25);
      props_jw_key (w, "ipc_timeout");
      props_jw_dur (w, timeout_0 ? 0 : props_chance (r, 20) ? props_dur (r, 1, 10 * PROPS_US)
                                   : props_dur (r, 10 * PROPS_US, 5 * PROPS_MS));
    }
  if (props_chance (r, 40))
    {
      props_jw_key (w, "timer_tick");
      props_jw_dur (w, props_chance (r, 40) ? 0 : props_dur (r, 100 * PROPS_US, 2 * PROPS_MS));
    }
  if (props_chance (r, own ? 90 : 40))
    {
      retry = props_chance (r, 50);
      props_jw_key (w, "on_timeout");
      props_jw_str (w, retry ? "retry" : "drop");
    }
  bool sel4 = props_chance (r, 35);
  if (sel4 || props_chance (r, 30))
    {
      props_jw_key (w, "scheduler");
      props_jw_str (w, sel4 ? "sel4" : "fiasco");
    }
  if (props_chance (r, 50))
    {
      props_jw_key (w, "send_queue");
      props_jw_str (w, props_chance (r, 50) ? "priority" : "fifo");
    }
  if (props_chance (r, 50))
    {
      /* "direct" is Fiasco's donation: the loader refuses it under sel4. */
      props_jw_key (w, "ipc_switch");
      props_jw_str (w, !sel4 && props_chance (r, 50) ? "direct" : "scheduler");
    }
  if (props_chance (r, 70))
    {
      props_jw_key (w, "costs");
      props_jw_open (w, true);
      /* See PROPS_GEN_AVOID_RETRY_SPIN. */
      bool spin = PROPS_GEN_AVOID_RETRY_SPIN && g->strategy == PROPS_IPC_TIMEOUT && timeout_0
                  && retry;
      for (size_t i = 0; i < G_N_ELEMENTS (cost_keys); i++)
        if (props_chance (r, 60))
          {
            bool zero = props_chance (r, 30) && !(spin && i == 0);
            props_jw_key (w, cost_keys[i]);
            props_jw_dur (w, zero ? 0 : props_chance (r, 10) ? props_dur (r, 2000, 20 * PROPS_US)
                                                          : props_range (r, 1, 2000));
          }
      props_jw_close (w);
    }
  if (props_chance (r, 20))
    {
      props_jw_key (w, "mapdb_entry_bytes");
      props_jw_int (w, props_range (r, 0, 64));
    }
  props_jw_close (w);
}

static inline void
props_gen_core (PropsGen *g)
{
  PropsJw *w = g->w;
  PropsRng *r = g->r;
  if (props_chance (r, 30))
    return;
  props_jw_key (w, "core");
  props_jw_open (w, true);
  if (props_chance (r, 70))
    {
      props_jw_key (w, "pager_threads");
      props_jw_int (w, props_range (r, 1, 3));
    }
  if (g->cpus > 1 && props_chance (r, 50))
    {
      props_jw_key (w, "per_cpu_pagers");
      props_jw_bool (w, props_chance (r, 80));
    }
  if (props_chance (r, 25))
    {
      props_jw_key (w, "priority");
      props_jw_int (w, props_range (r, 0, 255));
    }
  if (props_chance (r, 20))
    {
      props_jw_key (w, "rm_session_quota");
      props_jw_sep (w);
      g_string_append_printf (w->s, "\"%" PRId64 "KiB\"", props_range (r, 0, 128));
    }
  props_jw_close (w);
}

static inline void
props_gen_managers (PropsGen *g)
{
  PropsJw *w = g->w;
  PropsRng *r = g->r;
  if (g->n_managers == 0)
    return;
  props_jw_key (w, "managers");
  props_jw_open (w, false);
  for (int i = 0; i < g->n_managers; i++)
    {
      char name[16];
      g_snprintf (name, sizeof name, "m%d", i);
      props_jw_open (w, true);
      props_jw_key (w, "name");
      props_jw_str (w, name);
      props_gen_priority (g, 20, 220);
      props_gen_cpu (g, false);
      props_jw_key (w, "service");
      props_gen_dist (g, 0, 150 * PROPS_US, false);
      if (props_chance (r, 20))
        {
          props_jw_key (w, "io");
          props_gen_dist (g, 0, 500 * PROPS_US, false);
        }
      props_gen_behavior (g, false);
      if (props_chance (r, 25))
        {
          props_jw_key (w, "map_pages");
          props_jw_int (w, props_range (r, 1, 8));
        }
      if (props_chance (r, 20))
        {
          props_jw_key (w, "exclusive");
          props_jw_bool (w, props_chance (r, 75));
          if (props_chance (r, 50))
            {
              props_jw_key (w, "min_hold");
              props_jw_dur (w, props_dur (r, 0, 2 * PROPS_MS));
            }
        }
      props_jw_close (w);
    }
  props_jw_close (w);
}

/* Dataspaces d0..: managed ones name a manager; a managed one may be
 * backed by a managed one later in the list, so chains are acyclic and at
 * most as long as the list (<= 4, within the loader's 5). */
static inline void
props_gen_dataspaces (PropsGen *g)
{
  PropsJw *w = g->w;
  PropsRng *r = g->r;
  for (int i = 0; i < g->n_dataspaces; i++)
    g->managed[i] = g->n_managers > 0 && props_chance (r, 65);
  props_jw_key (w, "dataspaces");
  props_jw_open (w, false);
  for (int i = 0; i < g->n_dataspaces; i++)
    {
      char name[16];
      g_snprintf (name, sizeof name, "d%d", i);
      int64_t pages = props_chance (r, 85) ? props_range (r, 1, 64) : props_range (r, 65, 4096);
      props_jw_open (w, true);
      props_jw_key (w, "name");
      props_jw_str (w, name);
      props_jw_key (w, "pages");
      props_jw_int (w, pages);
      if (g->managed[i])
        {
          char m[16];
          g_snprintf (m, sizeof m, "m%d", (int) props_below (r, (uint64_t) g->n_managers));
          props_jw_key (w, "manager");
          props_jw_str (w, m);
          if (props_chance (r, 40))
            {
              props_jw_key (w, "resident");
              props_jw_int (w, props_range (r, 0, MIN (pages, 16)));
            }
          int later[8], n_later = 0;
          for (int j = i + 1; j < g->n_dataspaces; j++)
            if (g->managed[j])
              later[n_later++] = j;
          if (n_later > 0 && props_chance (r, 40))
            {
              char b[16];
              g_snprintf (b, sizeof b, "d%d", later[props_below (r, (uint64_t) n_later)]);
              props_jw_key (w, "backing");
              props_jw_str (w, b);
            }
        }
      props_jw_close (w);
    }
  props_jw_close (w);
}

static inline void
props_gen_servers (PropsGen *g)
{
  PropsJw *w = g->w;
  PropsRng *r = g->r;
  if (g->n_servers == 0)
    return;
  props_jw_key (w, "servers");
  props_jw_open (w, false);
  for (int i = 0; i < g->n_servers; i++)
    {
      char name[16];
      g_snprintf (name, sizeof name, "s%d", i);
      props_jw_open (w, true);
      props_jw_key (w, "name");
      props_jw_str (w, name);
      props_gen_priority (g, 20, 220);
      if (props_chance (r, 40))
        {
          props_jw_key (w, "threads");
          props_jw_int (w, props_range (r, 1, 3));
        }
      props_gen_cpu (g, true);
      props_jw_key (w, "service");
      props_gen_dist (g, 0, 150 * PROPS_US, false);
      if (props_chance (r, 20))
        {
          props_jw_key (w, "io");
          props_gen_dist (g, 0, 500 * PROPS_US, false);
        }
      props_jw_close (w);
    }
  props_jw_close (w);
}

static inline void props_gen_ops (PropsGen *g, int depth);

/* The op that keeps a repeat body moving: a compute or sleep > 0. */
static inline void
props_gen_guard_op (PropsGen *g)
{
  props_jw_open (g->w, true);
  props_jw_key (g->w, props_chance (g->r, 70) ? "compute" : "sleep");
  props_gen_dist (g, 2 * PROPS_US, 100 * PROPS_US, true);
  props_jw_close (g->w);
}

static inline void
props_gen_op (PropsGen *g, int depth)
{
  PropsJw *w = g->w;
  PropsRng *r = g->r;
  int pick;
  do
    pick = (int) props_below (r, 100);
  while (pick >= 60 && pick < 72 && g->n_servers == 0);   /* a call needs a server */
  props_jw_open (w, true);
  if (pick < 3)
    {
      props_jw_key (w, "compute");
      props_jw_str (w, "forever");
    }
  else if (pick < 28)
    {
      props_jw_key (w, "compute");
      props_gen_dist (g, 0, 100 * PROPS_US, false);
    }
  else if (pick < 60)
    {
      static const char *const patterns[] = { "random", "sequential", "same" };
      char ds[16];
      g_snprintf (ds, sizeof ds, "d%d", (int) props_below (r, (uint64_t) g->n_dataspaces));
      props_jw_key (w, "touch");
      props_jw_open (w, true);
      props_jw_key (w, "dataspace");
      props_jw_str (w, ds);
      if (props_chance (r, 75))
        {
          props_jw_key (w, "pattern");
          props_jw_str (w, patterns[props_below (r, 3)]);
        }
      props_jw_close (w);
    }
  else if (pick < 72)
    {
      char s[16];
      g_snprintf (s, sizeof s, "s%d", (int) props_below (r, (uint64_t) g->n_servers));
      props_jw_key (w, "call");
      props_jw_open (w, true);
      props_jw_key (w, "server");
      props_jw_str (w, s);
      if (props_chance (r, 50))
        {
          props_jw_key (w, "timeout");
          props_jw_dur (w, props_chance (r, 30) ? 0 : props_dur (r, 10 * PROPS_US, 2 * PROPS_MS));
        }
      props_jw_close (w);
    }
  else if (pick < 78)
    {
      props_jw_key (w, "sleep");
      props_gen_dist (g, 0, 500 * PROPS_US, false);
    }
  else if (pick < 82)
    {
      props_jw_key (w, "io");
      props_gen_dist (g, 0, 500 * PROPS_US, false);
    }
  else
    {
      props_jw_key (w, "repeat");
      if (props_chance (r, 35))
        props_jw_str (w, "forever");
      else
        props_jw_int (w, props_chance (r, 80) ? props_range (r, 1, 5) : props_range (r, 6, 1000));
      props_jw_key (w, "do");
      props_gen_ops (g, depth + 1);
    }
  props_jw_close (w);
}

/* A list of ops.  Inside a repeat (depth > 0) one of them is a guard op,
 * at a random place; repeats nest at most 3 deep. */
static inline void
props_gen_ops (PropsGen *g, int depth)
{
  PropsRng *r = g->r;
  int n = (int) props_range (r, 1, depth == 0 ? 4 : 3);
  int guard = depth > 0 ? (int) props_below (r, (uint64_t) n + 1) : -1;
  props_jw_open (g->w, false);
  for (int i = 0; i <= n; i++)
    {
      if (i == guard)
        props_gen_guard_op (g);
      if (i == n)
        break;
      if (depth >= 3)
        props_gen_guard_op (g);
      else
        props_gen_op (g, depth);
    }
  props_jw_close (g->w);
}

/* A thread's program: a few ops, and more often than not a loop for ever
 * after them, so that threads keep working to the end of the run. */
static inline void
props_gen_program (PropsGen *g)
{
  PropsJw *w = g->w;
  bool loop = props_chance (g->r, 60);
  int n = (int) props_range (g->r, loop ? 0 : 1, 3);
  props_jw_open (w, false);
  for (int i = 0; i < n; i++)
    props_gen_op (g, 0);
  if (loop)
    {
      props_jw_open (w, true);
      props_jw_key (w, "repeat");
      props_jw_str (w, "forever");
      props_jw_key (w, "do");
      props_gen_ops (g, 1);
      props_jw_close (w);
    }
  props_jw_close (w);
}

static inline void
props_gen_processes (PropsGen *g)
{
  PropsJw *w = g->w;
  PropsRng *r = g->r;
  int n_procs = (int) props_range (r, 1, 3);
  props_jw_key (w, "processes");
  props_jw_open (w, false);
  for (int i = 0; i < n_procs; i++)
    {
      char name[16];
      g_snprintf (name, sizeof name, "p%d", i);
      props_jw_open (w, true);
      props_jw_key (w, "name");
      props_jw_str (w, name);
      if (props_chance (r, 25))
        {
          props_jw_key (w, "exit_at");
          props_jw_dur (w, props_dur (r, 0, g->duration * 5 / 4));
        }
      if (props_chance (r, 20))
        {
          props_jw_key (w, "rm_pages");
          props_jw_int (w, props_range (r, 1, 8));
        }
      props_jw_key (w, "threads");
      props_jw_open (w, false);
      int n_threads = (int) props_range (r, 0, 3);
      if (n_threads == 0 && props_chance (r, 70))
        n_threads = 1;
      for (int j = 0; j < n_threads; j++)
        {
          char t[16];
          g_snprintf (t, sizeof t, "t%d", j);
          props_jw_open (w, true);
          props_jw_key (w, "name");
          props_jw_str (w, t);
          if (props_chance (r, 35))
            {
              props_jw_key (w, "count");
              props_jw_int (w, props_range (r, 1, 3));
            }
          props_gen_priority (g, 10, 200);
          props_gen_cpu (g, true);
          if (props_chance (r, 15))
            {
              props_jw_key (w, "start");
              props_gen_dist (g, 0, g->duration / 2, false);
            }
          if (props_chance (r, 15))
            {
              props_jw_key (w, "stagger");
              props_jw_dur (w, props_dur (r, 0, g->duration / 4));
            }
          props_jw_key (w, "program");
          props_gen_program (g);
          props_jw_close (w);
        }
      props_jw_close (w);
      props_jw_close (w);
    }
  props_jw_close (w);
}

static inline void
props_gen_gui (PropsGen *g)
{
  PropsJw *w = g->w;
  PropsRng *r = g->r;
  props_jw_key (w, "gui");
  props_jw_open (w, true);
  props_gen_priority (g, 50, 255);
  props_gen_cpu (g, false);
  props_jw_key (w, "events");
  switch (props_below (r, 3))
    {
    case 0:
      props_gen_dist (g, 200 * PROPS_US, 5 * PROPS_MS, false);
      break;
    case 1:
      props_jw_open (w, true);
      props_jw_key (w, "period");
      props_jw_dur (w, props_dur (r, 200 * PROPS_US, 5 * PROPS_MS));
      props_jw_close (w);
      break;
    default:
      props_jw_open (w, true);
      props_jw_key (w, "burst");
      props_jw_open (w, true);
      props_jw_key (w, "size");
      props_jw_int (w, props_range (r, 1, 6));
      props_jw_key (w, "gap");
      props_jw_dur (w, props_chance (r, 20) ? 0 : props_dur (r, 1, 300 * PROPS_US));
      props_jw_key (w, "every");
      props_jw_dur (w, props_dur (r, 500 * PROPS_US, 10 * PROPS_MS));
      props_jw_close (w);
      props_jw_close (w);
      break;
    }
  if (props_chance (r, 50))
    {
      props_jw_key (w, "buffer");
      props_jw_int (w, props_range (r, 1, 16));
    }
  int n_clients = (int) props_range (r, 0, 3);
  if (n_clients > 0 || props_chance (r, 50))
    {
      props_jw_key (w, "clients");
      props_jw_open (w, false);
      for (int i = 0; i < n_clients; i++)
        {
          char name[16];
          g_snprintf (name, sizeof name, "c%d", i);
          props_jw_open (w, true);
          props_jw_key (w, "name");
          props_jw_str (w, name);
          props_gen_priority (g, 10, 200);
          props_gen_cpu (g, false);
          props_jw_key (w, "handle");
          props_gen_dist (g, 0, 1 * PROPS_MS, false);
          props_gen_behavior (g, true);
          props_jw_close (w);
        }
      props_jw_close (w);
    }
  props_jw_close (w);
}

static const char *const props_strategies[] = {
  "async-signal", "sync-rpc", "local-region-mapper", "ipc-timeout",
};

/* Writes scenario number `seed` into `out` (cleared first). */
static inline void
props_gen_scenario (GString *out, uint64_t seed)
{
  PropsRng r = { seed };
  PropsJw w = { .s = out };
  PropsGen g = { .r = &r, .w = &w };
  g_string_truncate (out, 0);
  /* A few draws first, so that nearby seeds start far apart. */
  props_rng_next (&r);

  int strategy = (int) props_below (&r, 4);
  g.strategy = strategy;
  g.duration = props_range (&r, 5, 50) * PROPS_MS;
  g.n_managers = (int) props_range (&r, 0, 3);
  g.n_dataspaces = (int) props_range (&r, 1, 4);
  g.n_servers = (int) props_range (&r, 0, 2);
  g.cpus = props_chance (&r, 40) ? (int) props_range (&r, 2, 4) : 1;
  bool gui = strategy != 2 && props_chance (&r, 45);

  props_jw_open (&w, true);
  props_jw_key (&w, "name");
  props_jw_sep (&w);
  g_string_append_printf (out, "\"props-%" PRIu64 "\"", seed);
  props_jw_key (&w, "seed");
  props_jw_int (&w, (int64_t) props_below (&r, 1000000));
  props_jw_key (&w, "duration");
  props_jw_dur (&w, g.duration);
  if (props_chance (&r, 40))
    {
      props_jw_key (&w, "warmup");
      props_jw_dur (&w, props_dur (&r, 0, g.duration - 1));
    }
  props_jw_key (&w, "strategy");
  props_jw_str (&w, props_strategies[strategy]);
  props_jw_key (&w, "max_events");
  props_jw_int (&w, PROPS_MAX_EVENTS);
  if (props_chance (&r, 40))
    {
      props_jw_key (&w, "stall_threshold");
      props_jw_dur (&w, props_dur (&r, 0, 30 * PROPS_MS));
    }
  props_gen_kernel (&g);
  props_gen_core (&g);
  props_gen_managers (&g);
  props_gen_dataspaces (&g);
  props_gen_servers (&g);
  props_gen_processes (&g);
  if (gui)
    props_gen_gui (&g);
  props_jw_close (&w);
  g_string_append_c (out, '\n');
}

#endif
