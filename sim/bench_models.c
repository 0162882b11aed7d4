/* Model benchmarks: systems built directly as ScenarioConfig structs so the
 * figures do not depend on any file, run through machine_run and timed on
 * the wall clock.  The simulated figures (calls, faults, events) are
 * deterministic; only the wall time and the memory vary.
 *
 * Each measured run happens in a child process (bench_run_child), so that
 * its memory is its own: the child hands free heap back to the system,
 * resets its peak-resident mark, and reports its resident memory before
 * the run and its peak after it, with the run's figures, through a pipe. */
#include "sim/bench_models.h"

#include <glib.h>
#include <malloc.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "models/machine.h"

#define BENCH_US INT64_C (1000)
#define BENCH_MS INT64_C (1000000)
#define BENCH_S  INT64_C (1000000000)

#define FOREVER (-1)                 /* Op repeat count */

/* ---- runs in a child -------------------------------------------------- */

/* What one run measured. */
typedef struct {
  uint64_t calls, faults, events, threads;
  int64_t sim_ns;                    /* simulated time reached */
  double wall;                       /* s: machine_run and run_result_free */
  double rss0_kib, peak_kib;         /* resident before the run; peak */
  bool memory;                       /* the two above were measured */
  bool stopped;                      /* a guard stopped the run early */
} BenchRun;

/* A field of /proc/self/status in KiB ("VmRSS", "VmHWM"); 0 if unknown. */
static double
bench_status_kib (const char *field)
{
  g_autofree char *text = NULL;
  size_t len = strlen (field);

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL))
    return 0;
  for (char *line = text; line != NULL && *line;)
    {
      char *next = strchr (line, '\n');
      if (strncmp (line, field, len) == 0 && line[len] == ':')
        return g_ascii_strtod (line + len + 1, NULL);
      line = next != NULL ? next + 1 : NULL;
    }
  return 0;
}

/* Resets the peak-resident mark (VmHWM) to the current size: "5" to
 * clear_refs (Linux >= 4.0).  False if that is not possible. */
static bool
bench_reset_peak (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f == NULL)
    return false;
  bool ok = fputs ("5", f) >= 0;
  return fclose (f) == 0 && ok;
}

static G_GNUC_NORETURN void
bench_child (const ScenarioConfig *c, int fd)
{
  BenchRun mine = { 0 };
  RunResult *r;
  double t0;
  ssize_t n;

  malloc_trim (0);
  mine.memory = bench_reset_peak ();
  mine.rss0_kib = bench_status_kib ("VmRSS");
  t0 = bench_now_s ();
  r = machine_run (c, NULL);
  mine.calls = r->calls.completed;
  mine.faults = r->faults.total;
  mine.events = r->events;
  mine.threads = r->n_threads;
  mine.sim_ns = r->sim_time_ns;
  mine.stopped = r->stopped != NULL;
  run_result_free (r);
  mine.wall = bench_now_s () - t0;
  mine.peak_kib = bench_status_kib ("VmHWM");
  mine.memory = mine.memory && mine.rss0_kib > 0 && mine.peak_kib > 0;
  n = write (fd, &mine, sizeof mine);
  _exit (n == (ssize_t) sizeof mine ? 0 : 1);
}

/* Runs `c` in a child; false if it failed.  f->memory is false when the
 * memory could not be measured (no /proc). */
static bool
bench_run_child (const ScenarioConfig *c, BenchRun *f)
{
  int fd[2], status;
  ssize_t n;
  pid_t pid;

  memset (f, 0, sizeof *f);
  if (pipe (fd) != 0)
    return false;
  fflush (NULL);                /* nothing buffered is inherited by the child */
  malloc_trim (0);
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
      bench_child (c, fd[1]);
    }
  close (fd[1]);
  n = read (fd[0], f, sizeof *f);
  close (fd[0]);
  return waitpid (pid, &status, 0) == pid && WIFEXITED (status) && WEXITSTATUS (status) == 0
         && n == (ssize_t) sizeof *f;
}

/* ---- ipc -------------------------------------------------------------- */

enum { IPC_CLIENTS = 16 };

void
bench_ipc (const BenchOut *out)
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
  BenchRun f;

  config_defaults (&c);
  c.name = "bench-ipc";
  c.duration = 10 * BENCH_S;
  c.servers = &server;
  c.n_servers = 1;
  c.processes = &app;
  c.n_processes = 1;

  if (!bench_run_child (&c, &f))
    {
      fprintf (out->text, "ipc: the benchmark run failed\n");
      return;
    }
  fprintf (out->text, "ipc: %d clients, 1 server, 10 s simulated: %llu calls, %llu events "
           "in %.2f s wall = %.2f M events/s (target >= 5)\n", IPC_CLIENTS,
           (unsigned long long) f.calls, (unsigned long long) f.events, f.wall,
           f.events / f.wall / 1e6);
  bench_figure (out, f.events / f.wall, "ipc.events_per_s");
}

/* ---- the peers' workload ---------------------------------------------- */

/* The workload SimGrid's and SimPy's peers run (bench/peer_*): N clients,
 * each forever sleeping 10 us (off the CPU) and then calling the server,
 * which computes 2 us per call; one server thread, below the clients'
 * priority, every kernel cost 0, so that mksim counts the same round trips
 * as the peers: the server is the bottleneck, one call every 2 us from the
 * first wake-up at 10 us on.  bench/peers.json is the same as a file. */
typedef struct {
  ServerConfig server;
  Op body[2];
  Op program;
  ThreadConfig clients;
  ProcessConfig app;
  ScenarioConfig c;
} PeersLoad;

static void
peers_load_init (PeersLoad *l, int clients, int64_t duration)
{
  memset (l, 0, sizeof *l);
  l->server = (ServerConfig) { .name = "server", .priority = 100, .threads = 1,
                               .service = dist_const (2 * BENCH_US) };
  l->body[0] = (Op) { .kind = OP_SLEEP, .u.sleep = { .d = dist_const (10 * BENCH_US) } };
  l->body[1] = (Op) { .kind = OP_CALL, .u.call = { .server = 0 } };
  l->program = (Op) { .kind = OP_REPEAT,
                      .u.repeat = { .count = FOREVER, .body = l->body,
                                    .n_body = G_N_ELEMENTS (l->body) } };
  l->clients = (ThreadConfig) { .name = "client", .count = clients, .priority = 200,
                                .program = &l->program, .n_program = 1 };
  l->app = (ProcessConfig) { .name = "clients", .threads = &l->clients, .n_threads = 1,
                             .rm_pages = 4 };
  config_defaults (&l->c);
  l->c.name = "bench-peers";
  l->c.duration = duration;
  l->c.max_wall = 0;
  l->c.kernel.costs = (KernelCosts) { 0 };
  l->c.servers = &l->server;
  l->c.n_servers = 1;
  l->c.processes = &l->app;
  l->c.n_processes = 1;
}

static bool
peers_run (int clients, int64_t duration, BenchRun *f)
{
  g_autofree PeersLoad *l = g_new (PeersLoad, 1);

  peers_load_init (l, clients, duration);
  return bench_run_child (&l->c, f) && !f->stopped;
}

/* Simulated time per run: 5 million round trips, about a second of wall
 * time at the targets. */
#define PEERS_DURATION (10 * BENCH_S)

void
bench_peers (const BenchOut *out)
{
  static const int sizes[] = { 16, 10000, 100000 };
  FILE *t = out->text;

  fprintf (t, "peers' workload: N clients sleep 10 us then call 1 server computing 2 us, "
           "costs 0, %.0f s simulated\n"
           "(wall time of the whole run: setup, run, result, teardown)\n",
           (double) PEERS_DURATION / BENCH_S);
  fprintf (t, "%10s %12s %10s %8s %14s %12s %10s\n", "clients", "round trips", "events",
           "wall s", "round trips/s", "events/trip", "peak MiB");
  for (size_t i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      BenchRun f;

      if (!peers_run (sizes[i], PEERS_DURATION, &f))
        {
          fprintf (t, "%10d the benchmark run failed\n", sizes[i]);
          continue;
        }
      fprintf (t, "%10d %12llu %10llu %8.2f %12.2f M %12.2f %10.1f\n", sizes[i],
               (unsigned long long) f.calls, (unsigned long long) f.events, f.wall,
               f.calls / f.wall / 1e6, (double) f.events / (double) MAX (f.calls, 1),
               f.peak_kib / 1024);
      fflush (t);
      bench_figure (out, (double) f.calls, "peers.%d.round_trips", sizes[i]);
      bench_figure (out, (double) f.sim_ns / BENCH_S, "peers.%d.sim_s", sizes[i]);
      bench_figure (out, f.wall, "peers.%d.wall_s", sizes[i]);
      bench_figure (out, f.calls / f.wall, "peers.%d.round_trips_per_s", sizes[i]);
      bench_figure (out, (double) f.events / (double) MAX (f.calls, 1),
                    "peers.%d.events_per_round_trip", sizes[i]);
    }
}

/* ---- threads ---------------------------------------------------------- */

/* The most threads a scenario may have (the loader's bound), the peers'
 * clients, their server and core's threads, in a run so short that nothing happens after
 * the clients' first sleep: what is measured is building, starting (each
 * client's first event), collecting the result of and freeing that many
 * threads, and the memory they hold. */
enum { THREADS_TOTAL = 1000000 };

void
bench_threads (const BenchOut *out)
{
  BenchRun f;
  g_autofree PeersLoad *l = g_new (PeersLoad, 1);

  /* How many threads the system has besides the clients (the server's,
   * core's), so that the total is exactly THREADS_TOTAL. */
  peers_load_init (l, 16, 1 * BENCH_US);
  if (!bench_run_child (&l->c, &f) || f.threads <= 16)
    {
      fprintf (out->text, "threads: the benchmark run failed\n");
      return;
    }
  peers_load_init (l, THREADS_TOTAL - (int) (f.threads - 16), 1 * BENCH_US);
  if (!bench_run_child (&l->c, &f) || f.threads == 0)
    {
      fprintf (out->text, "threads: the benchmark run failed\n");
      return;
    }
  double per_thread = f.memory ? (f.peak_kib - f.rss0_kib) * 1024 / f.threads : 0;
  fprintf (out->text, "threads: %llu threads set up, started, collected and torn down in %.2f s "
           "(target < 3 s);\n"
           "         peak resident memory %.1f MiB over %.1f MiB before: %.0f bytes per thread "
           "(target <= 512)\n",
           (unsigned long long) f.threads, f.wall, f.peak_kib / 1024, f.rss0_kib / 1024,
           per_thread);
  bench_figure (out, (double) f.threads, "threads.count");
  bench_figure (out, f.wall, "threads.setup_teardown_s");
  if (f.memory)
    bench_figure (out, per_thread, "threads.bytes_per_thread");
}

/* ---- memory in simulated time ----------------------------------------- */

/* The peers' workload at 16 clients, for 2 s and for 60 s simulated: past
 * STATS_EXACT_MAX call latencies (about 2 s here) nothing should grow. */
void
bench_memory (const BenchOut *out)
{
  BenchRun shortrun, longrun;

  if (!peers_run (16, 2 * BENCH_S, &shortrun) || !peers_run (16, 60 * BENCH_S, &longrun)
      || !shortrun.memory || !longrun.memory)
    {
      fprintf (out->text, "memory: the benchmark run failed\n");
      return;
    }
  double ratio = longrun.peak_kib / shortrun.peak_kib;
  fprintf (out->text, "memory: peers' workload, 16 clients: peak resident %.1f MiB at 2 s "
           "simulated (%llu calls), %.1f MiB at 60 s (%llu calls): %.2fx (target <= 1.3x)\n",
           shortrun.peak_kib / 1024, (unsigned long long) shortrun.calls,
           longrun.peak_kib / 1024, (unsigned long long) longrun.calls, ratio);
  bench_figure (out, shortrun.peak_kib * 1024, "memory.peak_bytes.2s");
  bench_figure (out, longrun.peak_kib * 1024, "memory.peak_bytes.60s");
  bench_figure (out, ratio, "memory.ratio");
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

static bool
paging_run (const PagingLoad *l, StrategyKind s, int64_t duration, BenchRun *f)
{
  ScenarioConfig c;

  config_defaults (&c);
  c.name = "bench-paging";
  c.duration = duration;
  c.max_wall = 0;
  c.strategy = s;
  c.managers = (ManagerConfig *) l->managers;
  c.n_managers = PAGING_MANAGERS;
  c.dataspaces = (DataspaceConfig *) l->dataspaces;
  c.n_dataspaces = PAGING_MANAGERS;
  c.processes = (ProcessConfig *) l->processes;
  c.n_processes = PAGING_MANAGERS;
  return bench_run_child (&c, f) && !f->stopped;
}

void
bench_paging (const BenchOut *out)
{
  g_autofree PagingLoad *l = g_new0 (PagingLoad, 1);

  paging_load_init (l);
  fprintf (out->text, "paging: %d threads faulting on %d managers, 10 s simulated "
           "(targets: < 10 s wall;\n"
           "        >= 1 M faults/s under sync-rpc, >= 600 k under async-signal)\n",
           PAGING_MANAGERS * PAGING_THREADS, PAGING_MANAGERS);
  for (int s = 0; s < STRATEGY_COUNT; s++)
    {
      BenchRun f;

      if (!paging_run (l, s, 10 * BENCH_S, &f))
        {
          fprintf (out->text, "  %-20s the benchmark run failed\n", strategy_names[s]);
          continue;
        }
      fprintf (out->text, "  %-20s %8llu faults %10llu events %5.2f s wall %6.2f M events/s "
               "%6.0f k faults/s  peak RSS %5.1f MiB\n",
               strategy_names[s], (unsigned long long) f.faults, (unsigned long long) f.events,
               f.wall, f.events / f.wall / 1e6, f.faults / f.wall / 1e3, f.peak_kib / 1024.0);
      fflush (out->text);
      bench_figure (out, (double) f.faults, "paging.%s.faults", strategy_names[s]);
      bench_figure (out, f.wall, "paging.%s.wall_s", strategy_names[s]);
      bench_figure (out, f.faults / f.wall, "paging.%s.faults_per_s", strategy_names[s]);
      bench_figure (out, f.events / f.wall, "paging.%s.events_per_s", strategy_names[s]);
      if (f.memory)
        bench_figure (out, f.peak_kib * 1024, "paging.%s.peak_bytes", strategy_names[s]);
    }
}
