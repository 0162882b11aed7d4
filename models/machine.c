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
      tr->name = g_strdup (t->name);
      tr->process = g_strdup (t->process_name);
      tr->thread = g_strdup (t->thread_name);
      tr->index = t->index;
      tr->role = t->role;
      tr->priority = t->priority;
      tr->cpu_ns = t->cpu_ns;
      tr->faults = t->faults;
      stats_summary (t->latency, &tr->latency);
      tr->state = t->state;
    }
}

/* Every thread waits for at most one other, so the wait-for graph is a
 * functional graph: following the edges from each thread finds every cycle
 * once.  A cycle is reported from its lowest thread id, for determinism. */
static void
collect_deadlocks (Kernel *k, RunResult *r)
{
  size_t n;
  KThread **threads = kern_threads (k, &n);
  g_autofree int *walk = g_new0 (int, n);   /* 0 = unvisited, else the walk that saw it */
  GArray *cycles = g_array_new (FALSE, TRUE, sizeof (DeadlockCycle));
  for (size_t i = 0; i < n; i++)
    {
      if (walk[i])
        continue;
      int id = (int) i + 1;
      KThread *t = threads[i];
      while (t && walk[t->id] == 0)
        {
          walk[t->id] = id;
          t = kern_waits_for (t, NULL);
        }
      if (t == NULL || walk[t->id] != id)
        continue;
      /* t is on a new cycle: find its lowest member, then list it from there. */
      KThread *lowest = t;
      for (KThread *u = kern_waits_for (t, NULL); u != t; u = kern_waits_for (u, NULL))
        if (u->id < lowest->id)
          lowest = u;
      GArray *edges = g_array_new (FALSE, TRUE, sizeof (WaitEdge));
      KThread *u = lowest;
      do
        {
          const char *why;
          KThread *on = kern_waits_for (u, &why);
          WaitEdge e = { g_strdup (u->name), g_strdup (on->name), g_strdup (why) };
          g_array_append_val (edges, e);
          u = on;
        }
      while (u != lowest);
      DeadlockCycle c = { .n_edges = edges->len };
      c.edges = (WaitEdge *) g_array_free (edges, FALSE);
      g_array_append_val (cycles, c);
    }
  r->n_deadlocks = cycles->len;
  r->deadlocks = (DeadlockCycle *) g_array_free (cycles, FALSE);
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

  SimRunStatus st = sim_run (e, c->duration, c->max_events);
  kern_finish (k);

  RunResult *r = g_new0 (RunResult, 1);
  r->scenario = g_strdup (c->name);
  r->strategy = g_strdup (strategy_names[c->strategy]);
  r->seed = c->seed;
  r->sim_time_ns = sim_now (e);
  r->events = sim_events (e);
  r->max_events_hit = st == SIM_RUN_MAX_EVENTS;
  memcpy (r->scenario_sha256, c->sha256, sizeof r->scenario_sha256);

  const KernelCounters *kc = kern_counters (k);
  r->kernel.ipc = kc->ipc;
  r->kernel.signals_submitted = kc->signals_submitted;
  r->kernel.signals_delivered = kc->signals_delivered;
  r->kernel.signals_coalesced = sig_coalesced (k);
  r->kernel.context_switches = kc->context_switches;

  programs_collect (progs, r);
  paging_collect (paging, r);
  if (gui)
    gui_collect (gui, r);
  collect_threads (k, r);
  collect_deadlocks (k, r);

  programs_free (progs);
  gui_free (gui);
  paging_free (paging);
  kern_free (k);
  sim_engine_free (e);
  r->wall_s = (g_get_monotonic_time () - wall0) / 1e6;
  return r;
}
