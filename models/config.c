/* The defaults and the memory of a ScenarioConfig.  The scenario loader
 * starts from config_defaults () and then applies its own key tables, whose
 * defaults are the documented ones; a test loads a minimal scenario and checks
 * that both agree, so the two places cannot drift apart. */
#include "models/config.h"

#include <glib.h>
#include <string.h>

#define NS_PER_MS INT64_C (1000000)
#define KIB 1024

/* ORDER StrategyKind */
const char *const strategy_names[STRATEGY_COUNT] = {
  "async-signal",
  "sync-rpc",
  "local-region-mapper",
  "ipc-timeout",
};
G_STATIC_ASSERT (G_N_ELEMENTS (strategy_names) == STRATEGY_COUNT);

int
strategy_from_name (const char *name)
{
  if (name == NULL)
    return -1;
  for (int i = 0; i < STRATEGY_COUNT; i++)
    if (strcmp (name, strategy_names[i]) == 0)
      return i;
  return -1;
}

KernelCosts
config_default_costs (void)
{
  /* Calibrated to published measurements at ~3 GHz; the sources are in the
   * key table (sim/scenario_keys.c) and scenarios/SCHEMA.md. */
  return (KernelCosts) {
    .ipc = 100,
    .signal = 200,
    .signal_delivery = 3600,
    .context_switch = 150,
    .ipi = 1000,
    .fault_entry = 300,
    .map = 200,
    .mapdb_insert = 100,
    .mapdb_revoke = 100,
  };
}

void
config_defaults (ScenarioConfig *c)
{
  g_return_if_fail (c != NULL);
  memset (c, 0, sizeof *c);
  c->seed = 1;
  c->warmup = 0;
  c->stall_threshold = 100 * NS_PER_MS;
  c->max_events = UINT64_C (1000000000);   /* a runaway guard, not a limit anyone meets */
  c->max_wall = CONFIG_DEFAULT_MAX_WALL;
  c->strategy = STRATEGY_ASYNC_SIGNAL;
  c->kernel = (KernelConfig) {
    .time_slice = 10 * NS_PER_MS,
    .ipc_timeout = 5 * NS_PER_MS,
    .timer_tick = 0,
    .on_timeout = ON_TIMEOUT_DROP,
    .send_queue = SEND_QUEUE_PRIORITY,
    .ipc_switch = IPC_SWITCH_SCHEDULER,
    .scheduler = SCHEDULER_FIASCO,
    .cpus = 1,
    .costs = config_default_costs (),
    .mapdb_entry_bytes = 32,
  };
  c->core = (CoreConfig) {
    .pager_threads = 1,
    .priority = 250,
    .rm_session_quota = 64 * KIB,
  };
  /* Meaningful only when a "gui" is given; set so that a config built in C
   * and switched on by hand gets the documented values. */
  c->gui.present = false;
  c->gui.priority = 200;
  c->gui.buffer = 64;
  c->gui.events.kind = EVENTS_DIST;
}

PageTrace *
config_trace_new (const char *name)
{
  PageTrace *t = g_new0 (PageTrace, 1);

  t->refs = 1;
  t->name = g_strdup (name);
  return t;
}

PageTrace *
config_trace_ref (PageTrace *t)
{
  g_return_val_if_fail (t != NULL, NULL);
  g_atomic_int_inc (&t->refs);
  return t;
}

void
config_trace_unref (PageTrace *t)
{
  if (t == NULL || !g_atomic_int_dec_and_test (&t->refs))
    return;
  g_free (t->name);
  g_free (t->compute_ns);
  g_free (t->page);
  g_free (t);
}

/* Every op kind is listed: a kind that comes to own memory must say so here. */
static void
config_free_program (Op *ops, size_t n)
{
  for (size_t i = 0; i < n; i++)
    switch (ops[i].kind)
      {
      case OP_REPEAT:
        config_free_program (ops[i].u.repeat.body, ops[i].u.repeat.n_body);
        break;
      case OP_REPLAY:
        config_trace_unref (ops[i].u.replay.trace);
        break;
      case OP_COMPUTE:
      case OP_TOUCH:
      case OP_CALL:
      case OP_SLEEP:
      case OP_IO:
        break;
      }
  g_free (ops);
}

int
config_cpu_of (const CpuPlacement *p, int i, int n_cpus)
{
  g_return_val_if_fail (i >= 0 && n_cpus >= 1, 0);
  if (p->spread)
    return i % n_cpus;
  if (p->n_list > 0)
    return p->list[i % p->n_list];
  return 0;
}

/* Frees what `c` owns and leaves it zeroed; safe on a partly filled config
 * (the loader frees what it built when a scenario turns out invalid). */
void
config_free (ScenarioConfig *c)
{
  if (c == NULL)
    return;
  g_free (c->name);
  g_free (c->lesson);
  g_free (c->question);
  g_free (c->answer);
  for (size_t i = 0; i < c->n_managers; i++)
    {
      g_free (c->managers[i].name);
      g_free (c->managers[i].cpu.list);
    }
  g_free (c->managers);
  for (size_t i = 0; i < c->n_dataspaces; i++)
    g_free (c->dataspaces[i].name);
  g_free (c->dataspaces);
  for (size_t i = 0; i < c->n_servers; i++)
    {
      g_free (c->servers[i].name);
      g_free (c->servers[i].cpu.list);
    }
  g_free (c->servers);
  for (size_t i = 0; i < c->n_processes; i++)
    {
      ProcessConfig *p = &c->processes[i];
      for (size_t t = 0; t < p->n_threads; t++)
        {
          g_free (p->threads[t].name);
          g_free (p->threads[t].cpu.list);
          config_free_program (p->threads[t].program, p->threads[t].n_program);
        }
      g_free (p->threads);
      g_free (p->name);
    }
  g_free (c->processes);
  for (size_t i = 0; i < c->gui.n_clients; i++)
    {
      g_free (c->gui.clients[i].name);
      g_free (c->gui.clients[i].cpu.list);
    }
  g_free (c->gui.cpu.list);
  g_free (c->gui.clients);
  g_strfreev (c->notes);
  memset (c, 0, sizeof *c);
}

static int64_t
config_misbehaves_at (const Behavior *b)
{
  switch (b->kind)
    {
    case BEHAVIOR_HANG:
      return b->has_after ? b->after : -1;
    case BEHAVIOR_CRASH:
      return b->after;
    case BEHAVIOR_OK:
    case BEHAVIOR_SLOW:
    case BEHAVIOR_BUSY:
      return -1;
    }
  return -1;
}

int64_t
config_first_misbehaviour (const ScenarioConfig *c)
{
  int64_t first = -1;

  for (size_t i = 0; i < c->n_managers; i++)
    {
      int64_t t = config_misbehaves_at (&c->managers[i].behavior);
      if (t >= 0 && (first < 0 || t < first))
        first = t;
    }
  for (size_t i = 0; c->gui.present && i < c->gui.n_clients; i++)
    {
      int64_t t = config_misbehaves_at (&c->gui.clients[i].behavior);
      if (t >= 0 && (first < 0 || t < first))
        first = t;
    }
  return first;
}
