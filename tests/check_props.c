/* The property test of the conservation laws: random valid scenarios (from
 * tests/props_gen.h), each run through the loader and machine_run twice,
 * and every law below asserted of each result.
 *
 * Environment:
 *   MKSIM_PROPS_SEED=N    base seed (default 1); case i is generated from
 *                         seed N + i, so MKSIM_PROPS_SEED=S MKSIM_PROPS_CASES=1
 *                         reruns exactly the case a failure names as seed S
 *   MKSIM_PROPS_CASES=N   number of cases (default 500)
 *   MKSIM_PROPS_SHRINK=0  print a violation's scenario as generated, without
 *                         first shrinking it to a smaller one that still
 *                         breaks the law (default: shrink)
 *   MKSIM_PROPS_VERBOSE=1 print every scenario before running it
 * Only this suite: CK_RUN_SUITE=props build/check-runner.
 *
 * A violation prints the case, its seed, the law with its numbers and the
 * scenario; a crash inside a run prints the scenario it was running.  A
 * run that stopped at a guard (r->incomplete) is not held to the laws; the
 * count of such runs is printed and kept small.
 *
 * Each law has a switch, PROPS_CHECK_<LAW> (1 = checked), so that one the
 * models are known to break can be turned off alone until they are
 * fixed, without weakening it. */
#include <check.h>
#include <cjson/cJSON.h>
#include <glib.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "models/machine.h"
#include "sim/report_json.h"
#include "sim/scenario.h"
#include "tests/props_gen.h"

#define PROPS_DEFAULT_SEED  UINT64_C (1)
#define PROPS_DEFAULT_CASES 500

/* ------------------------------------------------------------ the laws */

/* X (ID, name, statement) */
#define PROPS_LAWS(X)                                                                        \
  X (RERUN, "rerun_identical", "a rerun of the same scenario gives a byte-identical JSON result") \
  X (NONNEG, "no_negative", "no figure is negative (and no count wrapped below zero)")       \
  X (RUN_LENGTH, "run_length", "a complete run ends at its duration: sim_time_ns = duration") \
  X (CPU, "cpu_within_time", "each CPU: sum of its threads' cpu_ns = busy_ns <= sim_time_ns = busy_ns + idle_ns")              \
  X (FAULT_TOTAL, "fault_total", "faults.total = resolved + unresolved")                     \
  X (LATENCY_COUNT, "latency_count", "faults.latency_ns.count = faults.resolved")            \
  X (LATENCY_SPLIT, "latency_split", "innocent.latency_ns.count + culprit.latency_ns.count = latency_ns.count") \
  X (THREAD_SPLIT, "thread_split", "innocent.threads + culprit.threads = user threads in threads[]") \
  X (SUMMARY, "summary_order", "every latency summary: min <= p50 <= p90 <= p99 <= p999 <= max, " \
     "min <= mean <= max, stddev >= 0 (0 below two samples), all zero when count = 0")        \
  X (JITTER, "jitter", "jitter_ns = p99 - p50 (faults and gui)")                             \
  X (SIGNALS, "signals", "kernel.signals_delivered + signals_coalesced <= signals_submitted") \
  X (CALLS, "calls", "calls.completed + calls.dropped <= calls.total")                      \
  X (GUI, "gui_deliveries", "gui.delivered + gui.dropped + gui.pending = gui.events x clients") \
  X (MAPDB, "mapdb_local_rm_only", "kernel.mapdb_entries_peak = mapdb_bytes_peak = 0 unless local-region-mapper") \
  X (CORE_BLOCKED, "core_never_blocked_async", "core.blocked_ns = 0 under async-signal")

/* The switches: 1 = the law is checked. */

#ifndef PROPS_CHECK_GUI
#define PROPS_CHECK_GUI 1
#endif
#ifndef PROPS_CHECK_RERUN
#define PROPS_CHECK_RERUN 1
#endif
#ifndef PROPS_CHECK_NONNEG
#define PROPS_CHECK_NONNEG 1
#endif
#ifndef PROPS_CHECK_RUN_LENGTH
#define PROPS_CHECK_RUN_LENGTH 1
#endif
#ifndef PROPS_CHECK_CPU
#define PROPS_CHECK_CPU 1
#endif
#ifndef PROPS_CHECK_FAULT_TOTAL
#define PROPS_CHECK_FAULT_TOTAL 1
#endif
#ifndef PROPS_CHECK_LATENCY_COUNT
#define PROPS_CHECK_LATENCY_COUNT 1
#endif
#ifndef PROPS_CHECK_LATENCY_SPLIT
#define PROPS_CHECK_LATENCY_SPLIT 1
#endif
#ifndef PROPS_CHECK_THREAD_SPLIT
#define PROPS_CHECK_THREAD_SPLIT 1
#endif
#ifndef PROPS_CHECK_SUMMARY
#define PROPS_CHECK_SUMMARY 1
#endif
#ifndef PROPS_CHECK_JITTER
#define PROPS_CHECK_JITTER 1
#endif
#ifndef PROPS_CHECK_SIGNALS
#define PROPS_CHECK_SIGNALS 1
#endif
#ifndef PROPS_CHECK_CALLS
#define PROPS_CHECK_CALLS 1
#endif
#ifndef PROPS_CHECK_MAPDB
#define PROPS_CHECK_MAPDB 1
#endif
#ifndef PROPS_CHECK_CORE_BLOCKED
#define PROPS_CHECK_CORE_BLOCKED 1
#endif

typedef enum {
#define PROPS_LAW_ENUM(id, name, what) LAW_##id,
  PROPS_LAWS (PROPS_LAW_ENUM)
#undef PROPS_LAW_ENUM
  LAW_COUNT
} PropsLaw;

typedef struct {
  const char *name;
  const char *what;
  bool enabled;
} PropsLawInfo;

/* ORDER PropsLaw */
static const PropsLawInfo props_laws[] = {
#define PROPS_LAW_INFO(id, name, what) { name, what, PROPS_CHECK_##id },
  PROPS_LAWS (PROPS_LAW_INFO)
#undef PROPS_LAW_INFO
};
G_STATIC_ASSERT (G_N_ELEMENTS (props_laws) == LAW_COUNT);

/* What the laws found in one case: one message per broken law. */
typedef struct {
  guint32 broken;              /* bit per PropsLaw */
  GString *msg[LAW_COUNT];
} PropsVerdict;

static void
props_verdict_clear (PropsVerdict *v)
{
  for (int i = 0; i < LAW_COUNT; i++)
    if (v->msg[i])
      g_string_free (v->msg[i], TRUE);
  *v = (PropsVerdict) { 0 };
}

G_GNUC_PRINTF (3, 4)
static void
props_broken (PropsVerdict *v, PropsLaw law, const char *fmt, ...)
{
  va_list ap;
  if (!props_laws[law].enabled)
    return;
  if (v->msg[law] == NULL)
    v->msg[law] = g_string_new (NULL);
  else if (v->msg[law]->len > 2000)
    return;                    /* enough said */
  else
    g_string_append (v->msg[law], "; ");
  v->broken |= 1u << law;
  va_start (ap, fmt);
  g_string_append_vprintf (v->msg[law], fmt, ap);
  va_end (ap);
}

/* Unsigned counts above this came from a subtraction below zero. */
#define PROPS_WRAPPED (UINT64_C (1) << 62)

static void
props_nonneg_i (PropsVerdict *v, const char *what, int64_t x)
{
  if (x < 0)
    props_broken (v, LAW_NONNEG, "%s = %" PRId64, what, x);
}

static void
props_nonneg_u (PropsVerdict *v, const char *what, uint64_t x)
{
  if (x >= PROPS_WRAPPED)
    props_broken (v, LAW_NONNEG, "%s = %" PRIu64 " (wrapped below zero?)", what, x);
}

static void
props_nonneg_d (PropsVerdict *v, const char *what, double x)
{
  if (!(x >= 0))
    props_broken (v, LAW_NONNEG, "%s = %g", what, x);
}

static void
props_summary_nonneg (PropsVerdict *v, const char *what, const StatSummary *s)
{
  char buf[256];
#define PROPS_SN(field, fn)                                     \
  g_snprintf (buf, sizeof buf, "%s.%s", what, #field);          \
  fn (v, buf, s->field)
  PROPS_SN (count, props_nonneg_u);
  PROPS_SN (mean, props_nonneg_d);
  PROPS_SN (stddev, props_nonneg_d);
  PROPS_SN (min, props_nonneg_i);
  PROPS_SN (p50, props_nonneg_i);
  PROPS_SN (p90, props_nonneg_i);
  PROPS_SN (p99, props_nonneg_i);
  PROPS_SN (p999, props_nonneg_i);
  PROPS_SN (max, props_nonneg_i);
#undef PROPS_SN
}

/* Every number in the JSON result: a field the C checks below do not name
 * (one added later) is covered too. */
static void
props_json_nonneg (PropsVerdict *v, const cJSON *node, const char *path)
{
  if (cJSON_IsNumber (node))
    {
      if (node->valuedouble < 0)
        props_broken (v, LAW_NONNEG, "JSON %s = %.17g", path, node->valuedouble);
      else if (node->valuedouble >= (double) PROPS_WRAPPED)
        props_broken (v, LAW_NONNEG, "JSON %s = %.17g (wrapped below zero?)", path,
                      node->valuedouble);
      return;
    }
  int i = 0;
  for (const cJSON *c = node->child; c != NULL; c = c->next, i++)
    {
      g_autofree char *sub = c->string ? g_strdup_printf ("%s.%s", path, c->string)
                                       : g_strdup_printf ("%s[%d]", path, i);
      props_json_nonneg (v, c, sub);
    }
}

static void
props_check_nonneg (PropsVerdict *v, const RunResult *r, const char *json)
{
#define PROPS_I(f) props_nonneg_i (v, #f, r->f)
#define PROPS_U(f) props_nonneg_u (v, #f, r->f)
  PROPS_I (sim_time_ns);
  PROPS_U (events);
  PROPS_U (faults.total);
  PROPS_U (faults.resolved);
  PROPS_U (faults.unresolved);
  PROPS_U (faults.dropped);
  PROPS_U (faults.retried);
  PROPS_U (faults.system);
  PROPS_I (faults.open_max_ns);
  PROPS_I (faults.jitter_ns);
  PROPS_U (faults.innocent_stalled_threads);
  PROPS_U (faults.innocent_threads);
  PROPS_U (faults.culprit_threads);
  PROPS_I (faults.breakdown.fault_entry);
  PROPS_I (faults.breakdown.pager_wait);
  PROPS_I (faults.breakdown.manager_wait);
  PROPS_I (faults.breakdown.service);
  PROPS_I (faults.breakdown.refault);
  PROPS_I (faults.breakdown.map);
  PROPS_I (core.blocked_ns);
  PROPS_I (core.busy_ns);
  PROPS_I (core.max_stall_ns);
  PROPS_I (core.retry_cpu_ns);
  PROPS_U (core.rm_sessions);
  PROPS_I (core.quota_bytes);
  PROPS_I (core.pager_threads);
  PROPS_U (core.signal_records_max);
  PROPS_U (core.signal_submits_max);
  PROPS_U (kernel.ipc);
  PROPS_U (kernel.signals_submitted);
  PROPS_U (kernel.signals_delivered);
  PROPS_U (kernel.signals_coalesced);
  PROPS_U (kernel.context_switches);
  PROPS_U (kernel.mapdb_entries_peak);
  PROPS_I (kernel.mapdb_bytes_peak);
  PROPS_I (kernel.revocation_ns);
  PROPS_U (kernel.rm_self_faults);
  PROPS_U (calls.total);
  PROPS_U (calls.completed);
  PROPS_U (calls.dropped);
  PROPS_U (gui.events);
  PROPS_U (gui.delivered);
  PROPS_U (gui.dropped);
  PROPS_I (gui.jitter_ns);
  PROPS_I (gui.max_freeze_ns);
  PROPS_U (timer.wakeups);
  PROPS_I (timer.max_error_ns);
  PROPS_U (authority.rights);
#undef PROPS_I
#undef PROPS_U
  props_summary_nonneg (v, "faults.latency", &r->faults.latency);
  props_summary_nonneg (v, "faults.innocent_latency", &r->faults.innocent_latency);
  props_summary_nonneg (v, "faults.culprit_latency", &r->faults.culprit_latency);
  props_summary_nonneg (v, "calls.latency", &r->calls.latency);
  props_summary_nonneg (v, "gui.latency", &r->gui.latency);
  for (size_t i = 0; i < r->faults.n_samples; i++)
    if (r->faults.samples[i] < 0)
      props_broken (v, LAW_NONNEG, "faults.samples[%zu] = %" PRId64, i, r->faults.samples[i]);
  for (size_t i = 0; i < r->gui.n_samples; i++)
    if (r->gui.samples[i] < 0)
      props_broken (v, LAW_NONNEG, "gui.samples[%zu] = %" PRId64, i, r->gui.samples[i]);
  for (size_t i = 0; i < r->gui.n_drop_causes; i++)
    props_nonneg_u (v, r->gui.dropped_by_cause[i].cause, r->gui.dropped_by_cause[i].count);
  for (size_t i = 0; i < r->n_threads; i++)
    {
      const ThreadResult *t = &r->threads[i];
      char buf[256];
      g_snprintf (buf, sizeof buf, "threads[%s].cpu_ns", t->name);
      props_nonneg_i (v, buf, t->cpu_ns);
      g_snprintf (buf, sizeof buf, "threads[%s].faults", t->name);
      props_nonneg_u (v, buf, t->faults);
      g_snprintf (buf, sizeof buf, "threads[%s].priority", t->name);
      props_nonneg_i (v, buf, t->priority);
      g_snprintf (buf, sizeof buf, "threads[%s].latency", t->name);
      props_summary_nonneg (v, buf, &t->latency);
    }

  cJSON *root = cJSON_Parse (json);
  if (root == NULL)
    props_broken (v, LAW_NONNEG, "report_json is not JSON");
  else
    props_json_nonneg (v, root, "$");
  cJSON_Delete (root);
}

static void
props_check_summary (PropsVerdict *v, const char *what, const StatSummary *s)
{
  if (s->count == 0)
    {
      if (s->mean != 0 || s->stddev != 0 || s->min != 0 || s->p50 != 0 || s->p90 != 0
          || s->p99 != 0 || s->p999 != 0 || s->max != 0)
        props_broken (v, LAW_SUMMARY, "%s: count 0 but mean %g stddev %g min %" PRId64
                      " p50 %" PRId64 " p90 %" PRId64 " p99 %" PRId64 " p999 %" PRId64
                      " max %" PRId64, what, s->mean, s->stddev, s->min, s->p50, s->p90,
                      s->p99, s->p999, s->max);
      return;
    }
  if (!(s->min <= s->p50 && s->p50 <= s->p90 && s->p90 <= s->p99 && s->p99 <= s->p999
        && s->p999 <= s->max))
    props_broken (v, LAW_SUMMARY, "%s: not monotone: min %" PRId64 " p50 %" PRId64
                  " p90 %" PRId64 " p99 %" PRId64 " p999 %" PRId64 " max %" PRId64 " (count %"
                  PRIu64 ")", what, s->min, s->p50, s->p90, s->p99, s->p999, s->max, s->count);
  if (!((double) s->min <= s->mean && s->mean <= (double) s->max))
    props_broken (v, LAW_SUMMARY, "%s: mean %.17g outside [min %" PRId64 ", max %" PRId64
                  "] (count %" PRIu64 ")", what, s->mean, s->min, s->max, s->count);
  if (!(s->stddev >= 0) || (s->count < 2 && s->stddev != 0))
    props_broken (v, LAW_SUMMARY, "%s: stddev %g with count %" PRIu64, what, s->stddev,
                  s->count);
}

static void
props_check_laws (PropsVerdict *v, const ScenarioConfig *c, const RunResult *r,
                  const char *json, const char *json2)
{
  if (strcmp (json, json2) != 0)
    {
      size_t i = 0, line = 1, bol = 0;
      for (; json[i] && json[i] == json2[i]; i++)
        if (json[i] == '\n')
          line++, bol = i + 1;
      g_autofree char *a = g_strndup (json + bol, strcspn (json + bol, "\n"));
      g_autofree char *b = g_strndup (json2 + bol, strcspn (json2 + bol, "\n"));
      props_broken (v, LAW_RERUN, "the JSON results differ first at line %zu:\n  run 1: %s\n"
                    "  run 2: %s", line, a, b);
    }

  props_check_nonneg (v, r, json);

  if (r->sim_time_ns != c->duration)
    props_broken (v, LAW_RUN_LENGTH, "sim_time_ns %" PRId64 " != duration %" PRId64,
                  r->sim_time_ns, c->duration);

  size_t users = 0;
  for (size_t i = 0; i < r->n_threads; i++)
    users += r->threads[i].role == ROLE_USER;
  if (r->n_cpus != (size_t) c->kernel.cpus)
    props_broken (v, LAW_CPU, "%zu CPUs in the result, kernel.cpus %d", r->n_cpus, c->kernel.cpus);
  for (size_t k = 0; k < r->n_cpus; k++)
    {
      int64_t cpu = 0;
      for (size_t i = 0; i < r->n_threads; i++)
        if ((size_t) r->threads[i].cpu == k)
          cpu += r->threads[i].cpu_ns;
      if (cpu > r->sim_time_ns || cpu != r->cpus[k].busy_ns
          || r->cpus[k].busy_ns + r->cpus[k].idle_ns != r->sim_time_ns)
        {
          GString *top = g_string_new (NULL);
          for (size_t i = 0; i < r->n_threads; i++)
            if (r->threads[i].cpu_ns > 0 && (size_t) r->threads[i].cpu == k)
              g_string_append_printf (top, " %s=%" PRId64, r->threads[i].name,
                                      r->threads[i].cpu_ns);
          props_broken (v, LAW_CPU, "CPU %zu: sum of cpu_ns %" PRId64 ", busy_ns %" PRId64
                        ", idle_ns %" PRId64 ", sim_time_ns %" PRId64 ":%s", k, cpu,
                        r->cpus[k].busy_ns, r->cpus[k].idle_ns, r->sim_time_ns, top->str);
          g_string_free (top, TRUE);
        }
    }

  if (r->faults.total != r->faults.resolved + r->faults.unresolved)
    props_broken (v, LAW_FAULT_TOTAL, "faults.total %" PRIu64 " != resolved %" PRIu64
                  " + unresolved %" PRIu64, r->faults.total, r->faults.resolved,
                  r->faults.unresolved);
  if (r->faults.latency.count != r->faults.resolved)
    props_broken (v, LAW_LATENCY_COUNT, "faults.latency_ns.count %" PRIu64 " != resolved %"
                  PRIu64, r->faults.latency.count, r->faults.resolved);
  if (r->faults.innocent_latency.count + r->faults.culprit_latency.count
      != r->faults.latency.count)
    props_broken (v, LAW_LATENCY_SPLIT, "innocent %" PRIu64 " + culprit %" PRIu64
                  " != latency_ns.count %" PRIu64, r->faults.innocent_latency.count,
                  r->faults.culprit_latency.count, r->faults.latency.count);
  if (r->faults.innocent_threads + r->faults.culprit_threads != users)
    props_broken (v, LAW_THREAD_SPLIT, "innocent.threads %" PRIu64 " + culprit.threads %"
                  PRIu64 " != %zu user threads", r->faults.innocent_threads,
                  r->faults.culprit_threads, users);

  props_check_summary (v, "faults.latency_ns", &r->faults.latency);
  props_check_summary (v, "faults.innocent.latency_ns", &r->faults.innocent_latency);
  props_check_summary (v, "faults.culprit.latency_ns", &r->faults.culprit_latency);
  props_check_summary (v, "calls.latency_ns", &r->calls.latency);
  props_check_summary (v, "gui.latency_ns", &r->gui.latency);
  for (size_t i = 0; i < r->n_threads; i++)
    {
      char buf[256];
      g_snprintf (buf, sizeof buf, "threads[%s].latency_ns", r->threads[i].name);
      props_check_summary (v, buf, &r->threads[i].latency);
    }

  if (r->faults.jitter_ns != r->faults.latency.p99 - r->faults.latency.p50)
    props_broken (v, LAW_JITTER, "faults.jitter_ns %" PRId64 " != p99 %" PRId64 " - p50 %"
                  PRId64, r->faults.jitter_ns, r->faults.latency.p99, r->faults.latency.p50);
  if (r->gui.jitter_ns != r->gui.latency.p99 - r->gui.latency.p50)
    props_broken (v, LAW_JITTER, "gui.jitter_ns %" PRId64 " != p99 %" PRId64 " - p50 %"
                  PRId64, r->gui.jitter_ns, r->gui.latency.p99, r->gui.latency.p50);

  if (r->kernel.signals_delivered + r->kernel.signals_coalesced > r->kernel.signals_submitted)
    props_broken (v, LAW_SIGNALS, "signals_delivered %" PRIu64 " + signals_coalesced %" PRIu64
                  " > signals_submitted %" PRIu64, r->kernel.signals_delivered,
                  r->kernel.signals_coalesced, r->kernel.signals_submitted);

  if (r->calls.completed + r->calls.dropped > r->calls.total)
    props_broken (v, LAW_CALLS, "calls.completed %" PRIu64 " + dropped %" PRIu64 " > total %"
                  PRIu64, r->calls.completed, r->calls.dropped, r->calls.total);

  uint64_t clients = c->gui.present ? c->gui.n_clients : 0;
  uint64_t due = r->gui.events * clients;
  if (r->gui.delivered + r->gui.dropped + r->gui.pending != due)
    props_broken (v, LAW_GUI, "gui.delivered %" PRIu64 " + dropped %" PRIu64 " + pending %"
                  PRIu64 " != events %" PRIu64 " x %" PRIu64 " clients", r->gui.delivered,
                  r->gui.dropped, r->gui.pending, r->gui.events, clients);

  if (c->strategy != STRATEGY_LOCAL_RM
      && (r->kernel.mapdb_entries_peak != 0 || r->kernel.mapdb_bytes_peak != 0))
    props_broken (v, LAW_MAPDB, "%s: mapdb_entries_peak %" PRIu64 ", mapdb_bytes_peak %" PRId64,
                  strategy_names[c->strategy], r->kernel.mapdb_entries_peak,
                  r->kernel.mapdb_bytes_peak);

  if (c->strategy == STRATEGY_ASYNC_SIGNAL && r->core.blocked_ns != 0)
    props_broken (v, LAW_CORE_BLOCKED, "async-signal: core.blocked_ns %" PRId64,
                  r->core.blocked_ns);
}

/* ------------------------------------------------------------ coverage */

/* What the generator must have produced at least once in a full run, so
 * that a change to it cannot quietly stop covering a feature. */
#define PROPS_FEATURES(X)                                                     \
  X (ASYNC_SIGNAL) X (SYNC_RPC) X (LOCAL_RM) X (IPC_TIMEOUT)                  \
  X (MGR_OK) X (MGR_SLOW) X (MGR_HANG_AFTER) X (MGR_HANG_FAULTS) X (MGR_CRASH) \
  X (MAP_PAGES) X (EXCLUSIVE) X (RESIDENT) X (BACKING) X (PLAIN_DS)           \
  X (EXIT_AT) X (THREAD_COUNT) X (SERVER) X (CALL_TIMEOUT_0)                         \
  X (TOUCH_RANDOM) X (TOUCH_SEQUENTIAL) X (TOUCH_SAME) X (NESTED_REPEAT)      \
  X (COMPUTE_FOREVER) X (SLEEP)                                               \
  X (SEL4) X (DIRECT) X (FIFO) X (RETRY) X (TICK) X (IPC_TIMEOUT_0)           \
  X (PAGERS_2) X (PAGERS_3) X (WARMUP)                                        \
  X (GUI) X (GUI_BURST) X (CL_OK) X (CL_BUSY) X (CL_SLOW) X (CL_HANG_AFTER)   \
  X (CL_HANG_EVENTS) X (CL_CRASH)                                             \
  X (CPUS) X (PER_CPU_PAGERS) X (CPU_SPREAD) X (CPU_LIST) X (START) X (STAGGER) \
  X (IO_OP) X (MGR_IO) X (SERVER_IO) X (MIN_HOLD)                             \
  /* ... and what the results must have shown, so that no law holds only   \
   * because its figures are always zero */                                \
  X (R_RESOLVED) X (R_UNRESOLVED) X (R_DROPPED) X (R_RETRIED) X (R_SYSTEM)    \
  X (R_INNOCENT) X (R_CULPRIT) X (R_STALLED) X (R_CORE_BLOCKED)               \
  X (R_SIGNALS_COALESCED) X (R_MAPDB) X (R_REVOCATION) X (R_RM_SELF_FAULTS)   \
  X (R_CALLS_COMPLETED) X (R_CALLS_DROPPED) X (R_CALLS_OPEN)                  \
  X (R_GUI_DELIVERED) X (R_GUI_DROPPED) X (R_GUI_FREEZE) X (R_TIMER)          \
  X (R_DEADLOCK) X (R_DEAD_THREAD)

typedef enum {
#define PROPS_FEATURE_ENUM(id) FEAT_##id,
  PROPS_FEATURES (PROPS_FEATURE_ENUM)
#undef PROPS_FEATURE_ENUM
  FEAT_COUNT
} PropsFeature;

/* ORDER PropsFeature */
static const char *const props_feature_names[] = {
#define PROPS_FEATURE_NAME(id) #id,
  PROPS_FEATURES (PROPS_FEATURE_NAME)
#undef PROPS_FEATURE_NAME
};
G_STATIC_ASSERT (G_N_ELEMENTS (props_feature_names) == FEAT_COUNT);

static void
props_cover_ops (const Op *ops, size_t n, int depth, bool *f)
{
  for (size_t i = 0; i < n; i++)
    switch (ops[i].kind)
      {
      case OP_COMPUTE:
        f[FEAT_COMPUTE_FOREVER] |= ops[i].u.compute.forever;
        break;
      case OP_TOUCH:
        f[FEAT_TOUCH_RANDOM] |= ops[i].u.touch.pattern == TOUCH_RANDOM;
        f[FEAT_TOUCH_SEQUENTIAL] |= ops[i].u.touch.pattern == TOUCH_SEQUENTIAL;
        f[FEAT_TOUCH_SAME] |= ops[i].u.touch.pattern == TOUCH_SAME;
        break;
      case OP_CALL:
        f[FEAT_CALL_TIMEOUT_0] |= ops[i].u.call.has_timeout && ops[i].u.call.timeout == 0;
        break;
      case OP_SLEEP:
        f[FEAT_SLEEP] = true;
        break;
      case OP_IO:
        f[FEAT_IO_OP] = true;
        break;
      case OP_REPLAY:
        /* The generator writes no replay: it would need trace files
         * (tests/check_pagetrace.c holds replays to the same laws' core). */
        break;
      case OP_REPEAT:
        f[FEAT_NESTED_REPEAT] |= depth > 0;
        props_cover_ops (ops[i].u.repeat.body, ops[i].u.repeat.n_body, depth + 1, f);
        break;
      }
}

static void
props_cover_result (const RunResult *r, bool *f)
{
  f[FEAT_R_RESOLVED] = r->faults.resolved > 0;
  f[FEAT_R_UNRESOLVED] = r->faults.unresolved > 0;
  f[FEAT_R_DROPPED] = r->faults.dropped > 0;
  f[FEAT_R_RETRIED] = r->faults.retried > 0;
  f[FEAT_R_SYSTEM] = r->faults.system > 0;
  f[FEAT_R_INNOCENT] = r->faults.innocent_latency.count > 0;
  f[FEAT_R_CULPRIT] = r->faults.culprit_latency.count > 0;
  f[FEAT_R_STALLED] = r->faults.innocent_stalled_threads > 0;
  f[FEAT_R_CORE_BLOCKED] = r->core.blocked_ns > 0;
  f[FEAT_R_SIGNALS_COALESCED] = r->kernel.signals_coalesced > 0;
  f[FEAT_R_MAPDB] = r->kernel.mapdb_entries_peak > 0;
  f[FEAT_R_REVOCATION] = r->kernel.revocation_ns > 0;
  f[FEAT_R_RM_SELF_FAULTS] = r->kernel.rm_self_faults > 0;
  f[FEAT_R_CALLS_COMPLETED] = r->calls.completed > 0;
  f[FEAT_R_CALLS_DROPPED] = r->calls.dropped > 0;
  f[FEAT_R_CALLS_OPEN] = r->calls.total > r->calls.completed + r->calls.dropped;
  f[FEAT_R_GUI_DELIVERED] = r->gui.delivered > 0;
  f[FEAT_R_GUI_DROPPED] = r->gui.dropped > 0;
  f[FEAT_R_GUI_FREEZE] = r->gui.max_freeze_ns > 0;
  f[FEAT_R_TIMER] = r->timer.wakeups > 0;
  f[FEAT_R_DEADLOCK] = r->n_deadlocks > 0;
  for (size_t i = 0; i < r->n_threads; i++)
    f[FEAT_R_DEAD_THREAD] |= r->threads[i].state == TS_DEAD;
}

/* Adds the features of config `c` and of its result `r` (NULL: none) to
 * `counts`. */
static void
props_cover (const ScenarioConfig *c, const RunResult *r, unsigned *counts)
{
  bool f[FEAT_COUNT] = { false };
  static const PropsFeature strategies[] = {
    FEAT_ASYNC_SIGNAL, FEAT_SYNC_RPC, FEAT_LOCAL_RM, FEAT_IPC_TIMEOUT,
  };
  f[strategies[c->strategy]] = true;
  for (size_t i = 0; i < c->n_managers; i++)
    {
      const Behavior *b = &c->managers[i].behavior;
      f[FEAT_MGR_OK] |= b->kind == BEHAVIOR_OK;
      f[FEAT_MGR_SLOW] |= b->kind == BEHAVIOR_SLOW;
      f[FEAT_MGR_HANG_AFTER] |= b->kind == BEHAVIOR_HANG && b->has_after;
      f[FEAT_MGR_HANG_FAULTS] |= b->kind == BEHAVIOR_HANG && !b->has_after;
      f[FEAT_MGR_CRASH] |= b->kind == BEHAVIOR_CRASH;
      f[FEAT_MAP_PAGES] |= c->managers[i].map_pages > 1;
      f[FEAT_EXCLUSIVE] |= c->managers[i].exclusive;
      f[FEAT_MIN_HOLD] |= c->managers[i].min_hold > 0;
      f[FEAT_MGR_IO] |= c->managers[i].io.kind != DIST_CONST || c->managers[i].io.a != 0
                        || c->managers[i].behavior.has_io;
    }
  for (size_t i = 0; i < c->n_dataspaces; i++)
    {
      f[FEAT_RESIDENT] |= c->dataspaces[i].resident > 0;
      f[FEAT_BACKING] |= c->dataspaces[i].backing >= 0;
      f[FEAT_PLAIN_DS] |= c->dataspaces[i].manager < 0;
    }
  f[FEAT_SERVER] = c->n_servers > 0;
  for (size_t i = 0; i < c->n_servers; i++)
    f[FEAT_SERVER_IO] |= c->servers[i].io.kind != DIST_CONST || c->servers[i].io.a != 0;
  for (size_t i = 0; i < c->n_processes; i++)
    {
      f[FEAT_EXIT_AT] |= c->processes[i].has_exit_at;
      for (size_t j = 0; j < c->processes[i].n_threads; j++)
        {
          const ThreadConfig *t = &c->processes[i].threads[j];
          f[FEAT_THREAD_COUNT] |= t->count > 1;
          f[FEAT_CPU_SPREAD] |= t->cpu.spread;
          f[FEAT_CPU_LIST] |= t->cpu.n_list > 1;
          f[FEAT_START] |= t->start.kind != DIST_CONST || t->start.a != 0;
          f[FEAT_STAGGER] |= t->stagger > 0;
          props_cover_ops (t->program, t->n_program, 0, f);
        }
    }
  f[FEAT_SEL4] = c->kernel.scheduler == SCHEDULER_SEL4;
  f[FEAT_CPUS] = c->kernel.cpus > 1;
  f[FEAT_PER_CPU_PAGERS] = c->core.per_cpu_pagers && c->kernel.cpus > 1;
  f[FEAT_DIRECT] = c->kernel.ipc_switch == IPC_SWITCH_DIRECT;
  f[FEAT_FIFO] = c->kernel.send_queue == SEND_QUEUE_FIFO;
  f[FEAT_RETRY] = c->kernel.on_timeout == ON_TIMEOUT_RETRY;
  f[FEAT_TICK] = c->kernel.timer_tick > 0;
  f[FEAT_IPC_TIMEOUT_0] = c->kernel.ipc_timeout == 0;
  f[FEAT_PAGERS_2] = c->core.pager_threads == 2;
  f[FEAT_PAGERS_3] = c->core.pager_threads == 3;
  f[FEAT_WARMUP] = c->warmup > 0;
  f[FEAT_GUI] = c->gui.present;
  f[FEAT_GUI_BURST] = c->gui.present && c->gui.events.kind == EVENTS_BURST;
  for (size_t i = 0; c->gui.present && i < c->gui.n_clients; i++)
    {
      const Behavior *b = &c->gui.clients[i].behavior;
      f[FEAT_CL_OK] |= b->kind == BEHAVIOR_OK;
      f[FEAT_CL_BUSY] |= b->kind == BEHAVIOR_BUSY;
      f[FEAT_CL_SLOW] |= b->kind == BEHAVIOR_SLOW;
      f[FEAT_CL_HANG_AFTER] |= b->kind == BEHAVIOR_HANG && b->has_after;
      f[FEAT_CL_HANG_EVENTS] |= b->kind == BEHAVIOR_HANG && !b->has_after;
      f[FEAT_CL_CRASH] |= b->kind == BEHAVIOR_CRASH;
    }
  if (r)
    props_cover_result (r, f);
  for (int i = 0; i < FEAT_COUNT; i++)
    counts[i] += f[i];
}

/* ------------------------------------------------------------ one case */

typedef enum {
  CASE_CHECKED,        /* ran to its end; v says which laws broke */
  CASE_INCOMPLETE,     /* stopped at a guard: not held to the laws */
  CASE_REFUSED,        /* the loader refused it: *why says why */
} PropsCaseStatus;

/* The scenario being run, for the crash reporter below. */
static const char *props_current_text;
static char props_current_label[96];

static void
props_print_current (void)
{
  static const char head[] = "\nprops: the run crashed on ";
  static const char mid[] = "; its scenario:\n";
  if (props_current_text == NULL)
    return;
  /* Only write(2) here: this runs from a signal handler. */
  if (write (STDERR_FILENO, head, sizeof head - 1) < 0
      || write (STDERR_FILENO, props_current_label, strlen (props_current_label)) < 0
      || write (STDERR_FILENO, mid, sizeof mid - 1) < 0
      || write (STDERR_FILENO, props_current_text, strlen (props_current_text)) < 0)
    return;
}

static void
props_on_signal (int sig)
{
  props_print_current ();
  signal (sig, SIG_DFL);
  raise (sig);
}

/* The sanitizers' own hook (a weak reference: absent without SAN=1). */
extern void __sanitizer_set_death_callback (void (*callback) (void)) __attribute__ ((weak));

static void
props_crash_reporter_install (void)
{
  static const int sigs[] = { SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL };
  for (size_t i = 0; i < G_N_ELEMENTS (sigs); i++)
    signal (sigs[i], props_on_signal);
  if (__sanitizer_set_death_callback)
    __sanitizer_set_death_callback (props_print_current);
}

/* Loads `text` twice and runs each: the second run is the rerun. */
static PropsCaseStatus
props_run_case (const char *text, PropsVerdict *v, unsigned *covered, char **why,
                uint64_t *events)
{
  g_autoptr (GError) err = NULL;
  ScenarioConfig *c = scenario_load_data ("props", text, strlen (text), NULL, &err);
  ScenarioConfig *c2 = c ? scenario_load_data ("props", text, strlen (text), NULL, NULL) : NULL;
  if (c == NULL || c2 == NULL)
    {
      if (why)
        *why = g_strdup (err ? err->message : "the second load failed");
      scenario_free (c);
      return CASE_REFUSED;
    }
  props_current_text = text;
  RunResult *r = machine_run (c, NULL);
  RunResult *r2 = machine_run (c2, NULL);
  props_current_text = NULL;
  PropsCaseStatus st = CASE_INCOMPLETE;
  if (events)
    *events = r->events;
  if (why && r->incomplete)
    *why = g_strdup (r->stopped ? r->stopped : "incomplete");
  if (!r->incomplete && !r2->incomplete)
    {
      g_autofree char *json = report_json (r, false);
      g_autofree char *json2 = report_json (r2, false);
      props_check_laws (v, c, r, json, json2);
      st = CASE_CHECKED;
    }
  if (covered)
    props_cover (c, st == CASE_CHECKED ? r : NULL, covered);
  run_result_free (r);
  run_result_free (r2);
  scenario_free (c2);
  scenario_free (c);
  return st;
}

/* ------------------------------------------------------------ shrinking */

/* Writes a cJSON tree the way the generator writes scenarios. */
static void
props_jw_cjson (PropsJw *w, const cJSON *n)
{
  if (n->string)
    props_jw_key (w, n->string);
  if (cJSON_IsObject (n) || cJSON_IsArray (n))
    {
      props_jw_open (w, cJSON_IsObject (n));
      for (const cJSON *c = n->child; c; c = c->next)
        props_jw_cjson (w, c);
      props_jw_close (w);
    }
  else if (cJSON_IsString (n))
    {
      props_jw_sep (w);
      report_json_string (w->s, n->valuestring);
    }
  else if (cJSON_IsNumber (n))
    {
      if (n->valuedouble == floor (n->valuedouble) && fabs (n->valuedouble) < 1e15)
        props_jw_int (w, (int64_t) n->valuedouble);
      else
        {
          props_jw_sep (w);
          g_string_append_printf (w->s, "%.17g", n->valuedouble);
        }
    }
  else if (cJSON_IsBool (n))
    props_jw_bool (w, cJSON_IsTrue (n));
  else
    {
      props_jw_sep (w);
      g_string_append (w->s, "null");
    }
}

static char *
props_tree_text (const cJSON *root)
{
  PropsJw w = { .s = g_string_new (NULL) };
  props_jw_cjson (&w, root);
  g_string_append_c (w.s, '\n');
  return g_string_free (w.s, FALSE);
}

static cJSON *
props_nth_walk (cJSON *n, cJSON *parent, int *k, cJSON **parent_out)
{
  if ((*k)-- == 0)
    {
      *parent_out = parent;
      return n;
    }
  for (cJSON *c = n->child; c != NULL; c = c->next)
    {
      cJSON *hit = props_nth_walk (c, n, k, parent_out);
      if (hit)
        return hit;
    }
  return NULL;
}

/* The node number `k` of `root` in preorder (root is 0), and its parent. */
static cJSON *
props_nth_node (cJSON *root, int k, cJSON **parent)
{
  *parent = NULL;
  return props_nth_walk (root, NULL, &k, parent);
}

/* A duration string's nanoseconds, or -1. */
static int64_t
props_parse_dur (const char *s)
{
  static const struct { const char *unit; double ns; } units[] = {
    { "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
  };
  char *end;
  if (!g_ascii_isdigit (s[0]))
    return -1;
  double x = g_ascii_strtod (s, &end);
  for (size_t i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (end, units[i].unit) == 0)
      return (int64_t) llround (x * units[i].ns);
  return -1;
}

static void
props_replace (cJSON *parent, cJSON *node, cJSON *with)
{
  if (cJSON_IsObject (parent))
    cJSON_ReplaceItemInObjectCaseSensitive (parent, node->string, with);
  else
    cJSON_ReplaceItemViaPointer (parent, node, with);
}

/* Candidate edit number `op` of node `k` of a copy of `root`: delete it,
 * make a number or a duration smaller, replace a distribution by a
 * constant, or hoist an op out of a repeat.  NULL when there is no such
 * edit (or it would change nothing). */
static cJSON *
props_edit (const cJSON *root, int k, int op)
{
  cJSON *t = cJSON_Duplicate (root, true);
  cJSON *parent = NULL;
  cJSON *n = props_nth_node (t, k, &parent);
  bool done = false;
  if (n == NULL || parent == NULL)
    goto none;
  switch (op)
    {
    case 0:                    /* delete */
      cJSON_Delete (cJSON_DetachItemViaPointer (parent, n));
      done = true;
      break;
    case 1:                    /* a number to 0, a duration to 0ns */
    case 2:                    /* ... to 1 */
    case 3:                    /* ... to half */
      if (cJSON_IsNumber (n) && n->valuedouble == floor (n->valuedouble))
        {
          double x = op == 1 ? 0 : op == 2 ? 1 : floor (n->valuedouble / 2);
          if (x != n->valuedouble && (op != 3 || n->valuedouble > 2))
            {
              cJSON_SetNumberValue (n, x);
              done = true;
            }
        }
      else if (cJSON_IsString (n) && op != 2)
        {
          int64_t ns = props_parse_dur (n->valuestring);
          if (ns > 0)
            {
              int64_t x = op == 1 ? 0 : ns / 2;
              char buf[32];
              g_snprintf (buf, sizeof buf, "%" PRId64 "ns", x);
              props_replace (parent, n, cJSON_CreateString (buf));
              done = true;
            }
        }
      break;
    case 4:                    /* {"exp": "50us"} and the like -> "50us" */
      if (cJSON_IsObject (n) && n->child && n->child->next == NULL)
        {
          const cJSON *inner = n->child;
          while (inner && !cJSON_IsString (inner))
            inner = inner->child;
          if (inner && props_parse_dur (inner->valuestring) >= 0)
            {
              props_replace (parent, n, cJSON_CreateString (inner->valuestring));
              done = true;
            }
        }
      break;
    default:                   /* a repeat -> op (op - 5) of its body */
      {
        cJSON *body = cJSON_IsObject (n) ? cJSON_GetObjectItemCaseSensitive (n, "do") : NULL;
        cJSON *inner = cJSON_IsArray (body) ? cJSON_GetArrayItem (body, op - 5) : NULL;
        if (inner && cJSON_IsArray (parent))
          {
            props_replace (parent, n, cJSON_Duplicate (inner, true));
            done = true;
          }
      }
      break;
    }
  if (done)
    return t;
none:
  cJSON_Delete (t);
  return NULL;
}

#define PROPS_SHRINK_OPS 9
#define PROPS_SHRINK_MAX_RUNS 4000

/* A smaller scenario than `text` that still loads, runs to its end and
 * breaks `law`: greedy, one edit at a time, until no edit helps. */
static char *
props_shrink (const char *text, PropsLaw law, int *runs_out)
{
  cJSON *root = cJSON_Parse (text);
  int runs = 0;
  g_assert (root != NULL);
  for (bool progress = true; progress && runs < PROPS_SHRINK_MAX_RUNS;)
    {
      progress = false;
      for (int k = 1; runs < PROPS_SHRINK_MAX_RUNS; k++)
        {
          cJSON *parent;
          if (props_nth_node (root, k, &parent) == NULL)
            break;
          for (int op = 0; op < PROPS_SHRINK_OPS && runs < PROPS_SHRINK_MAX_RUNS; op++)
            {
              cJSON *cand = props_edit (root, k, op);
              if (cand == NULL)
                continue;
              g_autofree char *ct = cJSON_PrintUnformatted (cand);
              PropsVerdict v = { 0 };
              runs++;
              bool keeps = props_run_case (ct, &v, NULL, NULL, NULL) == CASE_CHECKED
                           && (v.broken & (1u << law));
              props_verdict_clear (&v);
              if (keeps)
                {
                  cJSON_Delete (root);
                  root = cand;
                  progress = true;
                  op = -1;     /* the node at k is another now: try it afresh */
                  if (props_nth_node (root, k, &parent) == NULL)
                    break;
                }
              else
                cJSON_Delete (cand);
            }
        }
    }
  char *out = props_tree_text (root);
  cJSON_Delete (root);
  *runs_out = runs;
  return out;
}

/* ------------------------------------------------------------ the test */

static uint64_t
props_env (const char *name, uint64_t def)
{
  const char *s = g_getenv (name);
  if (s == NULL || *s == '\0')
    return def;
  char *end;
  guint64 v = g_ascii_strtoull (s, &end, 10);
  ck_assert_msg (*end == '\0', "%s=%s is not a number", name, s);
  return v;
}

/* The first case that broke a law, and how many did. */
typedef struct {
  unsigned count;
  uint64_t seed;
  uint64_t index;
  char *text;
  char *msg;
} PropsFirst;

START_TEST (test_props_conservation_laws)
{
  uint64_t base = props_env ("MKSIM_PROPS_SEED", PROPS_DEFAULT_SEED);
  uint64_t cases = props_env ("MKSIM_PROPS_CASES", PROPS_DEFAULT_CASES);
  bool shrink = props_env ("MKSIM_PROPS_SHRINK", 1) != 0;
  bool verbose = props_env ("MKSIM_PROPS_VERBOSE", 0) != 0;
  PropsFirst first[LAW_COUNT] = { { 0 } };
  unsigned covered[FEAT_COUNT] = { 0 };
  uint64_t incomplete = 0, events_all = 0, events_max = 0, events_max_seed = 0;
  GString *text = g_string_new (NULL);
  gint64 t0 = g_get_monotonic_time ();

  props_crash_reporter_install ();
  for (uint64_t i = 0; i < cases; i++)
    {
      uint64_t seed = base + i;
      props_gen_scenario (text, seed);
      g_snprintf (props_current_label, sizeof props_current_label,
                  "case %" PRIu64 " (MKSIM_PROPS_SEED=%" PRIu64 " MKSIM_PROPS_CASES=1)", i, seed);
      if (verbose)
        fprintf (stderr, "props: %s:\n%s", props_current_label, text->str);

      PropsVerdict v = { 0 };
      g_autofree char *why = NULL;
      uint64_t events = 0;
      PropsCaseStatus st = props_run_case (text->str, &v, covered, &why, &events);
      events_all += events;
      if (events > events_max)
        {
          events_max = events;
          events_max_seed = seed;
        }
      ck_assert_msg (st != CASE_REFUSED, "props: the loader refused generated %s (a generator "
                     "bug):\n%s\nscenario:\n%s", props_current_label, why, text->str);
      if (st == CASE_INCOMPLETE && incomplete++ == 0)
        fprintf (stderr, "props: %s stopped at a guard (not checked): %s\n",
                 props_current_label, why);
      for (int law = 0; law < LAW_COUNT; law++)
        if (v.broken & (1u << law))
          {
            if (first[law].count++ == 0)
              {
                first[law].seed = seed;
                first[law].index = i;
                first[law].text = g_strdup (text->str);
                first[law].msg = g_strdup (v.msg[law]->str);
              }
          }
      props_verdict_clear (&v);
    }
  double secs = (double) (g_get_monotonic_time () - t0) / 1e6;

  unsigned broken_laws = 0;
  GString *summary = g_string_new (NULL);
  for (int law = 0; law < LAW_COUNT; law++)
    {
      PropsFirst *fl = &first[law];
      if (fl->count == 0)
        continue;
      broken_laws++;
      fprintf (stderr, "\nprops: law %s (%s) broken in %u of %" PRIu64 " cases; the first is "
               "case %" PRIu64 " (rerun it alone with MKSIM_PROPS_SEED=%" PRIu64
               " MKSIM_PROPS_CASES=1):\n  %s\nscenario:\n%s", props_laws[law].name,
               props_laws[law].what, fl->count, cases, fl->index, fl->seed, fl->msg, fl->text);
      if (shrink)
        {
          int runs = 0;
          g_autofree char *small = props_shrink (fl->text, (PropsLaw) law, &runs);
          PropsVerdict v = { 0 };
          props_run_case (small, &v, NULL, NULL, NULL);
          fprintf (stderr, "shrunk (%d tries) to a scenario that still breaks it:\n  %s\n%s",
                   runs, v.msg[law] ? v.msg[law]->str : "?", small);
          props_verdict_clear (&v);
        }
      g_string_append_printf (summary, " %s (%u cases)", props_laws[law].name, fl->count);
      g_free (fl->text);
      g_free (fl->msg);
    }
  fprintf (stderr, "props: %" PRIu64 " cases from seed %" PRIu64 " in %.2f s (%" PRIu64
           " events, at most %" PRIu64 " in one run, seed %" PRIu64 "); %" PRIu64
           " stopped at a guard (not checked); %u laws broken\n", cases, base, secs,
           events_all, events_max, events_max_seed, incomplete, broken_laws);
  g_string_free (text, TRUE);
  if (verbose)
    for (int i = 0; i < FEAT_COUNT; i++)
      fprintf (stderr, "props: %-20s in %u cases\n", props_feature_names[i], covered[i]);

  ck_assert_msg (broken_laws == 0, "props: laws broken:%s (see the scenarios above)",
                 summary->str);
  g_string_free (summary, TRUE);
  /* Runs that stop at a guard check nothing: the generator keeps them rare. */
  ck_assert_msg (incomplete * 10 <= cases, "props: %" PRIu64 " of %" PRIu64 " runs stopped at "
                 "a guard", incomplete, cases);
  if (cases >= PROPS_DEFAULT_CASES)
    for (int i = 0; i < FEAT_COUNT; i++)
      ck_assert_msg (covered[i] > 0, "props: no case of %" PRIu64 " covers %s", cases,
                     props_feature_names[i]);
}
END_TEST

/* The generator's own contract: the same seed writes the same scenario, and
 * other seeds other ones. */
START_TEST (test_props_generator_is_deterministic)
{
  GString *a = g_string_new (NULL), *b = g_string_new (NULL);
  props_gen_scenario (a, 7);
  props_gen_scenario (b, 7);
  ck_assert_str_eq (a->str, b->str);
  props_gen_scenario (b, 8);
  ck_assert_str_ne (a->str, b->str);
  g_string_free (a, TRUE);
  g_string_free (b, TRUE);
}
END_TEST

Suite *props_suite (void)
{
  Suite *s = suite_create ("props");
  TCase *tc = tcase_create ("laws");
  tcase_set_timeout (tc, 600);
  tcase_add_test (tc, test_props_generator_is_deterministic);
  tcase_add_test (tc, test_props_conservation_laws);
  suite_add_tcase (s, tc);
  return s;
}
