/* One run of a simulated system: build the kernel and every component of
 * the scenario, run the engine to the scenario's duration, and gather the
 * figures into a RunResult.  Creation order is fixed (core and managers,
 * GUI, servers, user threads), so thread ids and random streams are the
 * same in every run of the same scenario. */
#include "models/machine.h"

#include <glib.h>
#include <string.h>

#include "models/gui.h"
#include "models/kernel.h"
#include "models/paging.h"
#include "models/program.h"

static void
collect_threads (Kernel *k, RunResult *r)
{
  size_t n;
  KThread **threads = kern_threads (k, &n);
  r->threads = g_new0 (ThreadResult, n);
  r->n_threads = n;
  for (size_t i = 0; i < n; i++)
    {
      KThread *t = threads[i];
      ThreadResult *tr = &r->threads[i];
      tr->name = g_strdup (kern_thread_name (t));
      tr->process = g_strdup (kern_thread_process (t));
      tr->thread = g_strdup (kern_thread_entry (t));
      tr->index = kern_thread_index (t);
      tr->role = kern_thread_role (t);
      tr->priority = kern_thread_priority (t);
      tr->cpu = kern_thread_cpu (t);
      tr->cpu_ns = kern_thread_cpu_ns (t);
      tr->faults = kern_thread_faults (t);
      stats_summary (kern_thread_latency (t), &tr->latency);
      tr->state = kern_thread_state (t);
      /* A hung receiver looks like an idle one by its state alone. */
      tr->hung = kern_thread_hung (t);
      tr->misbehavior = kern_thread_misbehavior (t, &tr->misbehaved_at_ns);
    }
}

/* Each CPU's busy time and the rest of the simulated time. */
static void
collect_cpus (Kernel *k, RunResult *r)
{
  r->n_cpus = (size_t) kern_cpus (k);
  r->cpus = g_new0 (CpuResult, r->n_cpus);
  for (size_t i = 0; i < r->n_cpus; i++)
    {
      r->cpus[i].busy_ns = kern_cpu_busy_ns (k, (int) i);
      r->cpus[i].idle_ns = kern_now (k) - r->cpus[i].busy_ns;
    }
}

/* Deadlocks at the end of the run.  A blocked thread may wait for any one
 * of several threads (a send queued on an endpoint with several server
 * threads), so the waits form an OR-graph: a thread is stuck when every
 * thread that could wake it is stuck too, found as a fixed point.  Among
 * stuck threads, following the first stuck wake source of each gives a
 * functional graph whose cycles are the deadlocks; each is reported once,
 * from its lowest thread id, for determinism. */
#define MAX_SOURCES 64

static KThread *
stuck_successor (KThread *t, const bool *stuck, const char **why)
{
  KThread *src[MAX_SOURCES];
  int n = kern_wake_sources (t, src, MAX_SOURCES, why);
  for (int i = 0; i < n; i++)
    if (stuck[kern_thread_id (src[i])])
      return src[i];
  return NULL;
}

/* stuck[i]: thread i can never run again.  Starts from every blocked
 * thread that nothing but other threads can wake, then frees each that has
 * a wake source not stuck, until nothing changes. */
static bool *
find_stuck (KThread **threads, size_t n)
{
  bool *stuck = g_new0 (bool, n);
  const char *why;
  for (size_t i = 0; i < n; i++)
    {
      KThread *src[1];
      stuck[i] = kern_wake_sources (threads[i], src, 1, &why) >= 0;
    }
  for (bool changed = true; changed;)
    {
      changed = false;
      for (size_t i = 0; i < n; i++)
        {
          if (!stuck[i])
            continue;
          KThread *src[MAX_SOURCES];
          int ns = kern_wake_sources (threads[i], src, MAX_SOURCES, &why);
          for (int j = 0; j < ns; j++)
            if (!stuck[kern_thread_id (src[j])])
              {
                stuck[i] = false;
                changed = true;
                break;
              }
        }
    }
  return stuck;
}

/* The cycle through `t` (on it), written from its lowest thread id. */
static DeadlockCycle
cycle_through (KThread *t, const bool *stuck)
{
  const char *why;
  KThread *lowest = t;
  for (KThread *u = stuck_successor (t, stuck, &why); u != t; u = stuck_successor (u, stuck, &why))
    if (kern_thread_id (u) < kern_thread_id (lowest))
      lowest = u;
  GArray *edges = g_array_new (FALSE, TRUE, sizeof (WaitEdge));
  KThread *u = lowest;
  do
    {
      KThread *on = stuck_successor (u, stuck, &why);
      WaitEdge e = { g_strdup (kern_thread_name (u)), g_strdup (kern_thread_name (on)), g_strdup (why) };
      g_array_append_val (edges, e);
      u = on;
    }
  while (u != lowest);
  DeadlockCycle c = { .n_edges = edges->len };
  c.edges = (WaitEdge *) g_array_free (edges, FALSE);
  return c;
}

static void
collect_deadlocks (Kernel *k, RunResult *r)
{
  size_t n;
  KThread **threads = kern_threads (k, &n);
  g_autofree bool *stuck = find_stuck (threads, n);
  /* Walks from each stuck thread not yet seen; a walk that runs into its
   * own trail has found a new cycle. */
  g_autofree int *walk = g_new0 (int, n);   /* 0 = unvisited, else the walk that saw it */
  GArray *cycles = g_array_new (FALSE, TRUE, sizeof (DeadlockCycle));
  for (size_t i = 0; i < n; i++)
    {
      if (walk[i] || !stuck[i])
        continue;
      int id = (int) i + 1;
      const char *why;
      KThread *t = threads[i];
      while (t && walk[kern_thread_id (t)] == 0)
        {
          walk[kern_thread_id (t)] = id;
          t = stuck_successor (t, stuck, &why);
        }
      if (t == NULL || walk[kern_thread_id (t)] != id)
        continue;
      DeadlockCycle c = cycle_through (t, stuck);
      g_array_append_val (cycles, c);
    }
  r->n_deadlocks = cycles->len;
  r->deadlocks = (DeadlockCycle *) g_array_free (cycles, FALSE);
}

static void
collect_kernel (Kernel *k, RunResult *r)
{
  const KernelCounters *kc = kern_counters (k);
  r->kernel.ipc = kc->ipc;
  r->kernel.signals_submitted = kc->signals_submitted;
  r->kernel.signals_delivered = kc->signals_delivered;
  r->kernel.signals_coalesced = sig_coalesced (k);
  r->kernel.context_switches = kc->context_switches;
}

/* Why a run ended before its duration, in a sentence; NULL when it did not. */
static char *
machine_stop_reason (SimRunStatus st, const Kernel *k, const ScenarioConfig *c, SimTime at)
{
  switch (st)
    {
    case SIM_RUN_DONE:
      return NULL;
    case SIM_RUN_MAX_EVENTS:
      return g_strdup_printf ("the max_events guard (%" G_GUINT64_FORMAT " events) stopped the "
                              "run at %.6f ms of simulated time", c->max_events, at / 1e6);
    case SIM_RUN_WALL:
      return g_strdup_printf ("the max_wall guard (%g s of wall-clock time) stopped the run at "
                              "%.6f ms of simulated time", c->max_wall, at / 1e6);
    case SIM_RUN_STOPPED:
      return g_strdup_printf ("%s; the run stopped at %.6f ms of simulated time",
                              kern_stopped (k) ? kern_stopped (k) : "a model stopped the run",
                              at / 1e6);
    }
  g_assert_not_reached ();
}

RunResult *
machine_run (const ScenarioConfig *c, Trace *trace)
{
  gint64 wall0 = g_get_monotonic_time ();
  SimEngine *e = sim_engine_new (c->seed);
  Kernel *k = kern_new (c, e, trace);
  Paging *paging = paging_new (k, c);
  Gui *gui = c->gui.present ? gui_new (k, c) : NULL;
  Programs *progs = programs_new (k, c, paging);

  sim_set_wall_limit (e, c->max_wall);
  /* A run is the half-open interval [0, duration): nothing happens at
   * exactly `duration`, and what is open then counts up to it. */
  SimRunStatus st = sim_run_before (e, c->duration, c->max_events);
  kern_finish (k);

  RunResult *r = g_new0 (RunResult, 1);
  r->scenario = g_strdup (c->name);
  r->strategy = g_strdup (strategy_names[c->strategy]);
  r->seed = c->seed;
  r->sim_time_ns = sim_now (e);
  r->events = sim_events (e);
  r->max_events_hit = st == SIM_RUN_MAX_EVENTS;
  r->incomplete = st != SIM_RUN_DONE;
  r->stopped = machine_stop_reason (st, k, c, sim_now (e));
  memcpy (r->scenario_sha256, c->sha256, sizeof r->scenario_sha256);

  collect_kernel (k, r);
  programs_collect (progs, r);
  paging_collect (paging, r);
  if (gui)
    gui_collect (gui, r);
  collect_cpus (k, r);
  collect_threads (k, r);
  programs_collect_threads (progs, r);
  collect_deadlocks (k, r);

  programs_free (progs);
  gui_free (gui);
  paging_free (paging);
  kern_free (k);
  sim_engine_free (e);
  r->wall_s = (g_get_monotonic_time () - wall0) / 1e6;
  return r;
}
