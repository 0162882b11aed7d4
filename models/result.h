/* The figures of one run, as the report writers see them.  Filled by the
 * models at the end of a run; the writers only read it.  Every section is
 * always present (zero when it does not apply), so scripts can rely on the
 * shape. */
#ifndef MKSIM_RESULT_H
#define MKSIM_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim/engine/stats.h"

typedef enum {
  ROLE_USER,
  ROLE_PAGER,
  ROLE_MANAGER,
  ROLE_REGION_MAPPER,
  ROLE_GUI_SERVER,
  ROLE_GUI_CLIENT,
  ROLE_SERVER,
  ROLE_CORE,           /* core's entrypoint (RM-session RPCs) */
  ROLE_COUNT
} ThreadRole;

/* ORDER ThreadRole */
extern const char *const role_names[ROLE_COUNT];

typedef enum {
  TS_READY,
  TS_RUNNING,
  TS_BLOCKED_SEND,
  TS_BLOCKED_RECV,
  TS_BLOCKED_REPLY,
  TS_BLOCKED_SIGNAL,
  TS_BLOCKED_FAULT,
  TS_SLEEPING,
  TS_BLOCKED_IO,       /* waiting for a device (an io op, a manager's or server's io) */
  TS_DEAD,
  TS_COUNT
} ThreadState;

/* ORDER ThreadState */
extern const char *const thread_state_names[TS_COUNT];

/* How a component's behavior (managers[].behavior, gui.clients[].behavior)
 * stopped it for good, if it did. */
typedef enum {
  MISBEHAVIOR_NONE,
  MISBEHAVIOR_HANG,    /* it never receives again */
  MISBEHAVIOR_CRASH,   /* it died */
  MISBEHAVIOR_COUNT
} Misbehavior;

/* ORDER Misbehavior: "none", "hang", "crash" */
extern const char *const misbehavior_names[MISBEHAVIOR_COUNT];

typedef struct {
  char *name;          /* <process>.<thread>[<i>] */
  char *process;
  char *thread;
  int index;
  ThreadRole role;
  int priority;
  int cpu;             /* the CPU it ran on */
  int64_t cpu_ns;
  uint64_t faults;
  StatSummary latency; /* of its faults (user threads) or deliveries (GUI clients) */
  ThreadState state;
  bool hung;           /* blocked for good: its behavior stopped it receiving */
  Misbehavior misbehavior;  /* what its behavior did to it, and when: */
  int64_t misbehaved_at_ns; /* the time the model made it hang or crash */
  uint64_t ops_completed;   /* user threads: program operations completed */
  bool no_progress;    /* user threads: completed no operation in the progress window */
  bool livelocked;     /* ... though its fault was answered at least twice in it */
} ThreadResult;

/* One CPU: the time a thread ran on it, and the rest of the run. */
typedef struct {
  int64_t busy_ns, idle_ns;
} CpuResult;

typedef struct {
  int64_t fault_entry, pager_wait, manager_wait, service, io, refault, map, cpu_wait;
} FaultBreakdown;

typedef struct {
  char *holder;
  char *target;
  char *right;         /* "call", "signal", "map", "rm" */
} AuthorityRight;

typedef struct {
  char *thread;
  char *waits_on;      /* the thread it waits for */
  char *why;           /* "reply from", "send to", "fault served by", ... */
} WaitEdge;

typedef struct {
  WaitEdge *edges;
  size_t n_edges;
} DeadlockCycle;

typedef struct {
  char *cause;
  uint64_t count;
} DropCause;

typedef struct {
  /* identity */
  char *scenario;
  char *strategy;
  uint64_t seed;
  int64_t sim_time_ns;
  uint64_t events;
  char fingerprint[17];        /* hash of the JSON result below, hex */
  char scenario_sha256[65];
  double wall_s;               /* the only wall-clock figure */
  bool max_events_hit;
  /* The run stopped before its duration: a guard tripped (max_events,
   * max_wall, a runaway the models detect).  The figures cover only
   * [0, sim_time_ns); `stopped` says why, in a sentence. */
  bool incomplete;
  char *stopped;

  struct {
    uint64_t total, resolved, unresolved, dropped, retried, system;
    uint64_t wasted;           /* answers after which the page was gone before the access */
    int64_t open_max_ns;       /* age at the end of the oldest unresolved fault, 0: none */
    StatSummary latency;       /* until the faulting access completed */
    StatSummary answer_latency;   /* core's view: until the answer made the thread ready */
    int64_t jitter_ns;
    StatSummary innocent_latency;
    uint64_t innocent_stalled_threads;
    StatSummary culprit_latency;
    uint64_t innocent_unresolved, culprit_unresolved;   /* `unresolved`, split */
    uint64_t innocent_threads, culprit_threads;   /* user threads of each kind (from the scenario) */
    FaultBreakdown breakdown;  /* mean ns per resolved fault */
    int64_t *samples; size_t n_samples;   /* user-fault latencies, sorted (for CDF plots) */
    /* With ScenarioConfig.keep_fault_series: (end, latency) of every user
     * fault in the order they ended, the warm-up's too (for MSER-5). */
    int64_t *series; size_t n_series;
  } faults;

  struct {
    int64_t blocked_ns, busy_ns, max_stall_ns, retry_cpu_ns;
    uint64_t rm_sessions;
    int64_t quota_bytes;
    int pager_threads;         /* blocked_ns is summed over them */
    /* async-signal (C10): the most pending-signal records core held for one
     * signal context (1: submits coalesce into one record), and the most
     * submits one such record stood for (what a queue would have held). */
    uint64_t signal_records_max, signal_submits_max;
  } core;

  struct {
    uint64_t ipc, signals_submitted, signals_delivered, signals_coalesced;
    uint64_t context_switches;
    uint64_t mapdb_entries_peak;
    int64_t mapdb_bytes_peak, revocation_ns;
    uint64_t rm_self_faults;
  } kernel;

  struct {
    uint64_t total, completed, dropped;
    StatSummary latency;
    int64_t service_ns, io_ns; /* the servers' mean CPU and device time per request served */
  } calls;

  struct {
    int64_t window_ns;         /* the progress window: the run's last stall_threshold */
    uint64_t no_progress_threads, livelocked_threads;
  } progress;

  struct {
    uint64_t events, delivered, dropped;
    uint64_t pending;          /* deliveries neither made nor dropped at the end */
    DropCause *dropped_by_cause; size_t n_drop_causes;
    StatSummary latency;       /* until the transfer to the client (async: the fetch) */
    StatSummary seen_latency;  /* until the client runs with the event */
    int64_t jitter_ns, max_freeze_ns;
    int64_t *samples; size_t n_samples;   /* delivery latencies, sorted */
  } gui;

  struct {
    uint64_t wakeups;
    int64_t max_error_ns;
  } timer;

  struct {
    uint64_t rights;
    AuthorityRight *matrix; size_t n_matrix;
    char **kernel_features; size_t n_kernel_features;
  } authority;

  CpuResult *cpus; size_t n_cpus;
  DeadlockCycle *deadlocks; size_t n_deadlocks;
  ThreadResult *threads; size_t n_threads;
} RunResult;

void run_result_free (RunResult *r);

#endif
