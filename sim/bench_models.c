/* Model benchmarks: systems built directly as ScenarioConfig structs so the
 * figures do not depend on any file, run through machine_run and timed. */
#include "sim/bench_models.h"

#include <glib.h>
#include <string.h>
#include <sys/resource.h>

#include "models/machine.h"

#define US INT64_C (1000)
#define MS INT64_C (1000000)
#define S INT64_C (1000000000)

static long
peak_rss_kib (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

void
bench_ipc (FILE *out)
{
  ScenarioConfig c;
  config_defaults (&c);
  c.name = "bench-ipc";
  c.duration = 10 * S;
  ServerConfig srv = { "srv", 100, 1, { DIST_EXP, 10 * US, 0 } };
  Op body[2] = {
    { .kind = OP_COMPUTE, .u.compute = { .d = { DIST_EXP, 10 * US, 0 } } },
    { .kind = OP_CALL, .u.call = { .server = 0 } },
  };
  Op prog = { .kind = OP_REPEAT, .u.repeat = { .count = -1, .body = body, .n_body = 2 } };
  ThreadConfig tc = { "client", 16, 50, &prog, 1 };
  ProcessConfig pc = { .name = "app", .threads = &tc, .n_threads = 1, .rm_pages = 4 };
  c.servers = &srv;
  c.n_servers = 1;
  c.processes = &pc;
  c.n_processes = 1;

  gint64 t0 = g_get_monotonic_time ();
  RunResult *r = machine_run (&c, NULL);
  double wall = (g_get_monotonic_time () - t0) / 1e6;
  fprintf (out, "ipc: 16 clients, 1 server, 10 s simulated: %llu calls, %llu events in %.2f s wall = %.2f M events/s (target >= 5)\n",
           (unsigned long long) r->calls.completed, (unsigned long long) r->events, wall,
           r->events / wall / 1e6);
  run_result_free (r);
}

void
bench_paging (FILE *out)
{
  enum { MANAGERS = 10, PROCESSES = 10, THREADS = 100 };
  ManagerConfig mgr[MANAGERS];
  DataspaceConfig ds[MANAGERS];
  Op touch[MANAGERS][2];
  Op prog[MANAGERS];
  ThreadConfig tc[PROCESSES];
  ProcessConfig pc[PROCESSES];
  char names[3][MANAGERS][16];
  for (int i = 0; i < MANAGERS; i++)
    {
      g_snprintf (names[0][i], sizeof names[0][i], "mgr%d", i);
      g_snprintf (names[1][i], sizeof names[1][i], "ds%d", i);
      g_snprintf (names[2][i], sizeof names[2][i], "app%d", i);
      mgr[i] = (ManagerConfig) { names[0][i], 100, { DIST_EXP, 20 * US, 0 }, { .kind = BEHAVIOR_OK }, 1, false };
      ds[i] = (DataspaceConfig) { names[1][i], 65536, i, 1024, -1 };
      touch[i][0] = (Op) { .kind = OP_COMPUTE, .u.compute = { .d = { DIST_EXP, 500 * US, 0 } } };
      touch[i][1] = (Op) { .kind = OP_TOUCH, .u.touch = { i, TOUCH_RANDOM } };
      prog[i] = (Op) { .kind = OP_REPEAT, .u.repeat = { .count = -1, .body = touch[i], .n_body = 2 } };
      tc[i] = (ThreadConfig) { "worker", THREADS, 50, &prog[i], 1 };
      pc[i] = (ProcessConfig) { .name = names[2][i], .threads = &tc[i], .n_threads = 1, .rm_pages = 4 };
    }
  fprintf (out, "paging: %d threads faulting on %d managers, 10 s simulated (target: < 10 s wall each)\n",
           PROCESSES * THREADS, MANAGERS);
  for (int s = 0; s < STRATEGY_COUNT; s++)
    {
      ScenarioConfig c;
      config_defaults (&c);
      c.name = "bench-paging";
      c.duration = 10 * S;
      c.strategy = s;
      c.managers = mgr;
      c.n_managers = MANAGERS;
      c.dataspaces = ds;
      c.n_dataspaces = MANAGERS;
      c.processes = pc;
      c.n_processes = PROCESSES;
      gint64 t0 = g_get_monotonic_time ();
      RunResult *r = machine_run (&c, NULL);
      double wall = (g_get_monotonic_time () - t0) / 1e6;
      fprintf (out, "  %-20s %9llu faults %11llu events %6.2f s wall %6.2f M events/s  peak RSS %ld MiB\n",
               strategy_names[s], (unsigned long long) r->faults.total, (unsigned long long) r->events,
               wall, r->events / wall / 1e6, peak_rss_kib () / 1024);
      run_result_free (r);
    }
}
