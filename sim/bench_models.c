/* Model benchmarks: systems built directly as ScenarioConfig structs so the
 * figures do not depend on any file, run through machine_run and timed on
 * the wall clock.  The simulated figures (calls, faults, events) are
 * deterministic; only the wall time and the memory vary. */
#include "sim/bench_models.h"

#include <glib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "models/machine.h"

#define BENCH_US INT64_C (1000)
#define BENCH_MS INT64_C (1000000)
#define BENCH_S  INT64_C (1000000000)

#define FOREVER (-1)                 /* Op repeat count */

/* ---- ipc -------------------------------------------------------------- */

enum { IPC_CLIENTS = 16 };

void
bench_ipc (FILE *out)
{
  ServerConfig server = { .name = "srv", .priority = 100, .threads = 1,
                          .service = { DIST_EXP, 10 * BENCH_US, 0 } };
  Op body[] = {
    { .kind = OP_COMPUTE, .u.compute = { .d = { DIST_EXP, 10 * BENCH_US, 0 } } },
    { .kind = OP_CALL, .u.call = { .server = 0 } },
  };
  Op program = { .kind = OP_REPEAT,
                 .u.repeat = { .count = FOREVER, .body = body, .n_body = G_N_ELEMENTS (body) } };
  ThreadConfig clients = { .name = "client", .count = IPC_CLIENTS, .priority = 50,
                           .program = &program, .n_program = 1 };
  ProcessConfig app = { .name = "app", .threads = &clients, .n_threads = 1, .rm_pages = 4 };
  ScenarioConfig c;
  RunResult *r;
  gint64 t0;
  double wall;

  config_defaults (&c);
  c.name = "bench-ipc";
  c.duration = 10 * BENCH_S;
  c.servers = &server;
  c.n_servers = 1;
  c.processes = &app;
  c.n_processes = 1;

  t0 = g_get_monotonic_time ();
  r = machine_run (&c, NULL);
  wall = (g_get_monotonic_time () - t0) / 1e6;
  fprintf (out, "ipc: %d clients, 1 server, 10 s simulated: %llu calls, %llu events "
           "in %.2f s wall = %.2f M events/s (target >= 5)\n", IPC_CLIENTS,
           (unsigned long long) r->calls.completed, (unsigned long long) r->events, wall,
           r->events / wall / 1e6);
  run_result_free (r);
}

/* ---- paging ----------------------------------------------------------- */

/* The paging load: one process per manager, each of PAGING_THREADS threads
 * and with a dataspace of its own manager; each thread sleeps about 10 ms,
 * computes briefly and touches a random page of its process's dataspace,
 * whose manager keeps only 1/64 of the pages resident, so nearly every
 * touch faults: about 100,000 faults per simulated second. */
enum {
  PAGING_MANAGERS = 10,
  PAGING_THREADS = 100,                      /* per process */
  PAGING_PAGES = 65536,                      /* per dataspace */
  PAGING_RESIDENT = PAGING_PAGES / 64,
  PAGING_NAME_MAX = 16,
};

typedef struct {
  char manager_names[PAGING_MANAGERS][PAGING_NAME_MAX];
  char dataspace_names[PAGING_MANAGERS][PAGING_NAME_MAX];
  char process_names[PAGING_MANAGERS][PAGING_NAME_MAX];
  ManagerConfig managers[PAGING_MANAGERS];
  DataspaceConfig dataspaces[PAGING_MANAGERS];
  Op bodies[PAGING_MANAGERS][3];
  Op programs[PAGING_MANAGERS];
  ThreadConfig threads[PAGING_MANAGERS];
  ProcessConfig processes[PAGING_MANAGERS];
} PagingLoad;

static void
paging_load_init (PagingLoad *l)
{
  for (int i = 0; i < PAGING_MANAGERS; i++)
    {
      Op *body = l->bodies[i];

      g_snprintf (l->manager_names[i], PAGING_NAME_MAX, "mgr%d", i);
      g_snprintf (l->dataspace_names[i], PAGING_NAME_MAX, "ds%d", i);
      g_snprintf (l->process_names[i], PAGING_NAME_MAX, "app%d", i);
      l->managers[i] = (ManagerConfig) {
        .name = l->manager_names[i], .priority = 100, .service = { DIST_EXP, 2 * BENCH_US, 0 },
        .behavior = { .kind = BEHAVIOR_OK }, .map_pages = 1, .exclusive = false };
      l->dataspaces[i] = (DataspaceConfig) {
        .name = l->dataspace_names[i], .pages = PAGING_PAGES, .manager = i,
        .resident = PAGING_RESIDENT, .backing = -1 };
      body[0] = (Op) { .kind = OP_SLEEP, .u.sleep = { .d = { DIST_EXP, 10 * BENCH_MS, 0 } } };
      body[1] = (Op) { .kind = OP_COMPUTE,
                       .u.compute = { .d = { DIST_EXP, 20 * BENCH_US, 0 } } };
      body[2] = (Op) { .kind = OP_TOUCH,
                       .u.touch = { .dataspace = i, .pattern = TOUCH_RANDOM } };
      l->programs[i] = (Op) {
        .kind = OP_REPEAT,
        .u.repeat = { .count = FOREVER, .body = body, .n_body = G_N_ELEMENTS (l->bodies[i]) } };
      l->threads[i] = (ThreadConfig) {
        .name = "worker", .count = PAGING_THREADS, .priority = 50,
        .program = &l->programs[i], .n_program = 1 };
      l->processes[i] = (ProcessConfig) {
        .name = l->process_names[i], .threads = &l->threads[i], .n_threads = 1,
        .rm_pages = 4 };
    }
}

/* What one paging run measured. */
typedef struct {
  uint64_t faults, events, samples;
  double wall;
  long peak_kib;
} PagingFigures;

/* The child's side: runs the load and writes its figures to `fd`. */
static G_GNUC_NORETURN void
paging_child (const PagingLoad *l, StrategyKind s, int64_t duration, int fd)
{
  ScenarioConfig c;
  PagingFigures mine;
  RunResult *r;
  gint64 t0;
  ssize_t n;

  config_defaults (&c);
  c.name = "bench-paging";
  c.duration = duration;
  c.strategy = s;
  c.managers = (ManagerConfig *) l->managers;
  c.n_managers = PAGING_MANAGERS;
  c.dataspaces = (DataspaceConfig *) l->dataspaces;
  c.n_dataspaces = PAGING_MANAGERS;
  c.processes = (ProcessConfig *) l->processes;
  c.n_processes = PAGING_MANAGERS;
  t0 = g_get_monotonic_time ();
  r = machine_run (&c, NULL);
  mine = (PagingFigures) { r->faults.total, r->events, r->faults.n_samples,
                           (g_get_monotonic_time () - t0) / 1e6, 0 };
  n = write (fd, &mine, sizeof mine);
  _exit (n == (ssize_t) sizeof mine ? 0 : 1);
}

/* One paging run of `duration` in a child process, so that its peak
 * resident memory is its own (ru_maxrss of the child), not what earlier
 * benchmarks left in this process.  The child reports its figures through a
 * pipe; false if it failed. */
static bool
paging_run_child (const PagingLoad *l, StrategyKind s, int64_t duration, PagingFigures *f)
{
  struct rusage ru;
  int fd[2], status;
  ssize_t n;
  pid_t pid;

  if (pipe (fd) != 0)
    return false;
  fflush (NULL);                /* nothing buffered is inherited by the child */
  pid = fork ();
  if (pid < 0)
    {
      close (fd[0]);
      close (fd[1]);
      return false;
    }
  if (pid == 0)
    {
      close (fd[0]);
      paging_child (l, s, duration, fd[1]);
    }
  close (fd[1]);
  n = read (fd[0], f, sizeof *f);
  close (fd[0]);
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
  fprintf (out, "paging: %d threads faulting on %d managers (target: 10 s simulated in < 10 s "
           "wall;\n"
           "        memory flat apart from latency samples: 8 bytes each, kept for all faults,\n"
           "        innocent or culprit, per thread, and sorted in the result: 32 bytes a fault)\n",
           PAGING_MANAGERS * PAGING_THREADS, PAGING_MANAGERS);
  for (int s = 0; s < STRATEGY_COUNT; s++)
    {
      PagingFigures half, full;
      double per_fault;

      if (!paging_run_child (l, s, 5 * BENCH_S, &half)
          || !paging_run_child (l, s, 10 * BENCH_S, &full))
        {
          fprintf (out, "  %-20s the benchmark run failed\n", strategy_names[s]);
          continue;
        }
      /* What the second 5 s added, per fault it added: about 32 bytes when
       * nothing but the samples grows (arrays grow by doubling, so it varies). */
      per_fault = (full.peak_kib - half.peak_kib) * 1024.0
                  / (double) MAX (full.samples - half.samples, 1);
      fprintf (out, "  %-20s %8llu faults %10llu events %5.2f s wall %6.2f M events/s"
               "  peak RSS %5.1f MiB at 5 s, %5.1f MiB at 10 s: %.0f bytes per added fault\n",
               strategy_names[s], (unsigned long long) full.faults,
               (unsigned long long) full.events, full.wall, full.events / full.wall / 1e6,
               half.peak_kib / 1024.0, full.peak_kib / 1024.0, per_fault);
    }
}
