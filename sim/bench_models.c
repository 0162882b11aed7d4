/* Model benchmarks: systems built directly as ScenarioConfig structs so the
 * figures do not depend on any file, run through machine_run and timed. */
#include "sim/bench_models.h"

#include <glib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "models/machine.h"

#define US INT64_C (1000)
#define MS INT64_C (1000000)
#define S INT64_C (1000000000)

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
  fprintf (out, "ipc: 16 clients, 1 server, 10 s simulated: %llu calls, %llu events "
           "in %.2f s wall = %.2f M events/s (target >= 5)\n",
           (unsigned long long) r->calls.completed, (unsigned long long) r->events, wall,
           r->events / wall / 1e6);
  run_result_free (r);
}

/* The paging load: PROCESSES processes of THREADS threads; each thread sleeps
 * about 10 ms, computes briefly and touches a random page of its process's
 * dataspace, whose manager keeps only 1/64 of the pages resident, so nearly
 * every touch faults: about 100,000 faults per simulated second. */
enum { MANAGERS = 10, PROCESSES = 10, THREADS = 100 };

typedef struct {
  char names[3][MANAGERS][16];
  ManagerConfig mgr[MANAGERS];
  DataspaceConfig ds[MANAGERS];
  Op body[MANAGERS][3];
  Op prog[MANAGERS];
  ThreadConfig tc[PROCESSES];
  ProcessConfig pc[PROCESSES];
} PagingLoad;

static void
paging_load_init (PagingLoad *l)
{
  for (int i = 0; i < MANAGERS; i++)
    {
      g_snprintf (l->names[0][i], sizeof l->names[0][i], "mgr%d", i);
      g_snprintf (l->names[1][i], sizeof l->names[1][i], "ds%d", i);
      g_snprintf (l->names[2][i], sizeof l->names[2][i], "app%d", i);
      l->mgr[i] = (ManagerConfig) { l->names[0][i], 100, { DIST_EXP, 2 * US, 0 },
                                    { .kind = BEHAVIOR_OK }, 1, false };
      l->ds[i] = (DataspaceConfig) { l->names[1][i], 65536, i, 1024, -1 };
      l->body[i][0] = (Op) { .kind = OP_SLEEP, .u.sleep = { { DIST_EXP, 10 * MS, 0 } } };
      l->body[i][1] = (Op) { .kind = OP_COMPUTE, .u.compute = { .d = { DIST_EXP, 20 * US, 0 } } };
      l->body[i][2] = (Op) { .kind = OP_TOUCH, .u.touch = { i, TOUCH_RANDOM } };
      l->prog[i] = (Op) { .kind = OP_REPEAT,
                          .u.repeat = { .count = -1, .body = l->body[i], .n_body = 3 } };
      l->tc[i] = (ThreadConfig) { "worker", THREADS, 50, &l->prog[i], 1 };
      l->pc[i] = (ProcessConfig) { .name = l->names[2][i], .threads = &l->tc[i],
                                   .n_threads = 1, .rm_pages = 4 };
    }
}

/* One paging run of `duration` in a child process, so that its peak
 * resident memory is its own (ru_maxrss of the child), not what earlier
 * benchmarks left in this process.  The child reports its figures through a
 * pipe; false if it failed. */
typedef struct {
  uint64_t faults, events, samples;
  double wall;
  long peak_kib;
} PagingFigures;

static bool
paging_run_child (const PagingLoad *l, StrategyKind s, int64_t duration, PagingFigures *f)
{
  int fd[2];
  if (pipe (fd) != 0)
    return false;
  fflush (NULL);
  pid_t pid = fork ();
  if (pid < 0)
    return false;
  if (pid == 0)
    {
      ScenarioConfig c;
      config_defaults (&c);
      c.name = "bench-paging";
      c.duration = duration;
      c.strategy = s;
      c.managers = (ManagerConfig *) l->mgr;
      c.n_managers = MANAGERS;
      c.dataspaces = (DataspaceConfig *) l->ds;
      c.n_dataspaces = MANAGERS;
      c.processes = (ProcessConfig *) l->pc;
      c.n_processes = PROCESSES;
      gint64 t0 = g_get_monotonic_time ();
      RunResult *r = machine_run (&c, NULL);
      PagingFigures mine = { r->faults.total, r->events, r->faults.n_samples,
                             (g_get_monotonic_time () - t0) / 1e6, 0 };
      ssize_t n = write (fd[1], &mine, sizeof mine);
      _exit (n == (ssize_t) sizeof mine ? 0 : 1);
    }
  close (fd[1]);
  ssize_t n = read (fd[0], f, sizeof *f);
  close (fd[0]);
  int status;
  struct rusage ru;
  if (wait4 (pid, &status, 0, &ru) != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0
      || n != (ssize_t) sizeof *f)
    return false;
  f->peak_kib = ru.ru_maxrss;
  return true;
}

void
bench_paging (FILE *out)
{
  g_autofree PagingLoad *l = g_new0 (PagingLoad, 1);
  paging_load_init (l);
  fprintf (out, "paging: %d threads faulting on %d managers (target: 10 s simulated in < 10 s wall;\n"
           "        memory flat apart from latency samples: 8 bytes each, kept for all faults,\n"
           "        innocent or culprit, per thread, and sorted in the result: 32 bytes a fault)\n",
           PROCESSES * THREADS, MANAGERS);
  for (int s = 0; s < STRATEGY_COUNT; s++)
    {
      PagingFigures half, full;
      if (!paging_run_child (l, s, 5 * S, &half) || !paging_run_child (l, s, 10 * S, &full))
        {
          fprintf (out, "  %-20s the benchmark run failed\n", strategy_names[s]);
          continue;
        }
      /* What the second 5 s added, per fault it added: about 32 bytes when
       * nothing but the samples grows (arrays grow by doubling, so it varies). */
      double per_fault = (full.peak_kib - half.peak_kib) * 1024.0
                         / (double) MAX (full.samples - half.samples, 1);
      fprintf (out, "  %-20s %8llu faults %10llu events %5.2f s wall %6.2f M events/s"
               "  peak RSS %5.1f MiB at 5 s, %5.1f MiB at 10 s: %.0f bytes per added fault\n",
               strategy_names[s], (unsigned long long) full.faults,
               (unsigned long long) full.events, full.wall, full.events / full.wall / 1e6,
               half.peak_kib / 1024.0, full.peak_kib / 1024.0, per_fault);
    }
}
