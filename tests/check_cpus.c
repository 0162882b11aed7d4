/* Tests of several CPUs (kernel.cpus) and of staggered starts: threads run
 * where they are placed and nowhere else, each CPU's busy time is its
 * threads' CPU time, a wake-up from another CPU costs kernel.costs.ipi,
 * per-CPU pagers keep a hung manager's damage on its CPU, and the peers'
 * workloads (SimGrid's and SimPy's ping-pong, a thousand staggered timer
 * clients) give exactly the counts worked out by hand.  Kernel costs are
 * zero where a count must be exact. */
#include <check.h>
#include <glib.h>
#include <string.h>

#include "tests/gui_fixture.h"

#define ZERO_COSTS                                                                        \
  "\"costs\": { \"ipc\": \"0ns\", \"signal\": \"0ns\", \"signal_delivery\": \"0ns\", "   \
  "\"context_switch\": \"0ns\", \"ipi\": \"0ns\", \"fault_entry\": \"0ns\", \"map\": \"0ns\", " \
  "\"mapdb_insert\": \"0ns\", \"mapdb_revoke\": \"0ns\" }"

static const char *const schedulers[] = { "kernel.scheduler=fiasco", "kernel.scheduler=sel4" };

/* Every CPU's busy and idle time add up to the run, and its busy time is
 * the CPU time of the threads placed on it. */
static void
assert_cpu_accounts (const RunResult *r)
{
  for (size_t c = 0; c < r->n_cpus; c++)
    {
      int64_t threads = 0;
      for (size_t i = 0; i < r->n_threads; i++)
        if ((size_t) r->threads[i].cpu == c)
          threads += r->threads[i].cpu_ns;
      ck_assert_int_eq (r->cpus[c].busy_ns + r->cpus[c].idle_ns, r->sim_time_ns);
      ck_assert_int_eq (r->cpus[c].busy_ns, threads);
      ck_assert_int_ge (r->cpus[c].idle_ns, 0);
    }
}

static const char hogs[] =
  "{ \"name\": \"hogs\", \"duration\": \"1s\", \"kernel\": { \"cpus\": 2, " ZERO_COSTS " },"
  "  \"processes\": [ { \"name\": \"p\", \"threads\": ["
  "    { \"name\": \"pair\", \"count\": 2, \"cpu\": 0, \"program\": [ { \"compute\": \"forever\" } ] },"
  "    { \"name\": \"alone\", \"cpu\": 1, \"program\": [ { \"compute\": \"forever\" } ] },"
  "    { \"name\": \"spread\", \"count\": 4, \"priority\": 10, \"cpu\": \"spread\","
  "      \"program\": [ { \"compute\": \"forever\" } ] } ] } ] }";

/* Two hogs share CPU 0 slice by slice, a third has CPU 1 to itself; the
 * lower hogs spread over both CPUs never run at all: nothing migrates to
 * lend them a CPU. */
START_TEST (test_cpus_pinned_hogs_get_exact_shares)
{
  const char *sets[] = { schedulers[_i], NULL };
  RunResult *r = gf_run_json (hogs, sets, NULL);
  ck_assert_uint_eq (r->n_cpus, 2);
  ck_assert_int_eq (gf_thread (r, "p.pair[0]")->cpu_ns, 500 * GF_MS);
  ck_assert_int_eq (gf_thread (r, "p.pair[1]")->cpu_ns, 500 * GF_MS);
  ck_assert_int_eq (gf_thread (r, "p.alone[0]")->cpu_ns, 1000 * GF_MS);
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("p.spread[%d]", i);
      ck_assert_int_eq (gf_thread (r, name)->cpu, i % 2);
      ck_assert_int_eq (gf_thread (r, name)->cpu_ns, 0);
    }
  ck_assert_int_eq (r->cpus[0].busy_ns, 1000 * GF_MS);
  ck_assert_int_eq (r->cpus[1].busy_ns, 1000 * GF_MS);
  assert_cpu_accounts (r);
  run_result_free (r);
}
END_TEST

/* The peers' ping-pong: 16 clients on CPUs 1-16 compute 10 us and call a
 * server on CPU 0 that computes 2 us.  From 10 us on the server is never
 * idle, so at H = 0.5000005 s it has answered floor((H - 10 us) / 2 us) =
 * 249,995 calls, as SimGrid and SimPy count. */
START_TEST (test_cpus_ping_pong_on_seventeen_cpus)
{
  static const char json[] =
    "{ \"name\": \"ping-pong\", \"duration\": \"500000500ns\","
    "  \"kernel\": { \"cpus\": 17, " ZERO_COSTS " },"
    "  \"servers\": [ { \"name\": \"srv\", \"cpu\": 0, \"service\": \"2us\" } ],"
    "  \"processes\": [ { \"name\": \"c\", \"threads\": [ { \"name\": \"client\", \"count\": 16,"
    "    \"cpu\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],"
    "    \"program\": [ { \"repeat\": \"forever\", \"do\": ["
    "      { \"compute\": \"10us\" }, { \"call\": { \"server\": \"srv\" } } ] } ] } ] } ] }";
  const char *sets[] = { schedulers[_i], NULL };
  RunResult *r = gf_run_json (json, sets, NULL);
  ck_assert_uint_eq (r->calls.completed, 249995);
  for (int i = 0; i < 16; i++)
    {
      g_autofree char *name = g_strdup_printf ("c.client[%d]", i);
      ck_assert_int_eq (gf_thread (r, name)->cpu, i + 1);
    }
  ck_assert_int_eq (gf_thread (r, "srv.worker[0]")->cpu, 0);
  assert_cpu_accounts (r);
  run_result_free (r);
}
END_TEST

/* A thousand timer clients sleep 10 ms and call a 2 us server, instance i
 * starting i * 4 us late: their calls never meet, so client i completes
 * the round trips that end before H = 1.0021 s, at 4i us + k * 10.002 ms:
 * 100 for i < 475 and 99 after, 99,475 in all.  Without the stagger they call at
 * once and queue at the server. */
START_TEST (test_cpus_stagger_gives_timer_bound_counts)
{
  static const char json[] =
    "{ \"name\": \"stagger\", \"duration\": \"1002100us\", \"kernel\": { " ZERO_COSTS " },"
    "  \"servers\": [ { \"name\": \"srv\", \"service\": \"2us\" } ],"
    "  \"processes\": [ { \"name\": \"c\", \"threads\": [ { \"name\": \"client\", \"count\": 1000,"
    "    \"stagger\": \"4us\", \"priority\": 120,"
    "    \"program\": [ { \"repeat\": \"forever\", \"do\": ["
    "      { \"sleep\": \"10ms\" }, { \"call\": { \"server\": \"srv\" } } ] } ] } ] } ] }";
  RunResult *r = gf_run_json (json, NULL, NULL);
  ck_assert_uint_eq (r->calls.completed, 99475);
  ck_assert_int_eq (r->calls.latency.max, 2 * GF_US);   /* nobody queued */
  run_result_free (r);

  static const char *const together[] = { "processes[0].threads[0].stagger=\"0ns\"", NULL };
  r = gf_run_json (json, together, NULL);
  ck_assert_int_eq (r->calls.latency.max, 1000 * 2 * GF_US);   /* the last of a wave */
  run_result_free (r);
}
END_TEST

/* start delays an instance by its own draw; until then it sleeps, uses no
 * CPU and is not a timer wake-up. */
START_TEST (test_cpus_start_delays_the_program)
{
  static const char json[] =
    "{ \"name\": \"start\", \"duration\": \"10ms\", \"kernel\": { " ZERO_COSTS " },"
    "  \"processes\": [ { \"name\": \"p\", \"threads\": ["
    "    { \"name\": \"late\", \"start\": \"3ms\", \"program\": [ { \"compute\": \"forever\" } ] },"
    "    { \"name\": \"urgent\", \"count\": 2, \"priority\": 150, \"start\": { \"uniform\": [\"5ms\", \"5ms\"] },"
    "      \"stagger\": \"2ms\", \"program\": [ { \"compute\": \"1ms\" } ] } ] } ] }";
  RunResult *r = gf_run_json (json, NULL, NULL);
  /* late runs from 3 ms, but for urgent[0] from 5 to 6 ms and urgent[1]
   * from 7 to 8 ms. */
  ck_assert_int_eq (gf_thread (r, "p.late[0]")->cpu_ns, 5 * GF_MS);
  ck_assert_int_eq (gf_thread (r, "p.urgent[0]")->cpu_ns, 1 * GF_MS);
  ck_assert_int_eq (gf_thread (r, "p.urgent[1]")->cpu_ns, 1 * GF_MS);
  ck_assert_int_eq (r->cpus[0].idle_ns, 3 * GF_MS);
  ck_assert_uint_eq (r->timer.wakeups, 0);
  run_result_free (r);
}
END_TEST

/* A call to a server on another CPU is woken there by an IPI, and so is
 * the caller by the reply: one round trip costs two IPIs and nothing else. */
START_TEST (test_cpus_cross_cpu_call_costs_two_ipis)
{
  static const char json[] =
    "{ \"name\": \"ipi\", \"duration\": \"1ms\", \"kernel\": { \"cpus\": 2, "
    "  \"costs\": { \"ipc\": \"0ns\", \"context_switch\": \"0ns\", \"ipi\": \"700ns\" } },"
    "  \"servers\": [ { \"name\": \"srv\", \"cpu\": 1, \"service\": \"0ns\" } ],"
    "  \"processes\": [ { \"name\": \"c\", \"threads\": [ { \"name\": \"client\","
    "    \"program\": [ { \"call\": { \"server\": \"srv\" } } ] } ] } ] }";
  RunResult *r = gf_run_json (json, NULL, NULL);
  ck_assert_uint_eq (r->calls.completed, 1);
  ck_assert_int_eq (r->calls.latency.max, 1400);
  run_result_free (r);

  static const char *const same[] = { "servers[0].cpu=0", NULL };
  r = gf_run_json (json, same, NULL);
  ck_assert_int_eq (r->calls.latency.max, 0);
  run_result_free (r);
}
END_TEST

/* The longest fault of any thread on `cpu`. */
static int64_t
worst_fault_on (const RunResult *r, int cpu, const char *prefix)
{
  int64_t worst = 0;
  for (size_t i = 0; i < r->n_threads; i++)
    if (r->threads[i].cpu == cpu && r->threads[i].role == ROLE_USER
        && g_str_has_prefix (r->threads[i].name, prefix))
      worst = MAX (worst, r->threads[i].latency.max);
  return worst;
}

static bool
all_progress_on (const RunResult *r, int cpu)
{
  for (size_t i = 0; i < r->n_threads; i++)
    if (r->threads[i].cpu == cpu && r->threads[i].role == ROLE_USER && r->threads[i].no_progress)
      return false;
  return true;
}

/* scenarios/per-cpu-pagers.json under sync-rpc: manager evil on CPU 1
 * hangs at 200 ms.  With a pager per CPU only CPU 1's pager waits for it,
 * and no thread on CPU 0 has a fault near the stall threshold; with core's
 * one pager serving both CPUs every innocent thread stalls. */
START_TEST (test_cpus_hung_manager_stalls_only_its_cpu_with_per_cpu_pagers)
{
  const char *sets[] = { schedulers[_i], NULL };
  RunResult *r = gf_run_file ("per-cpu-pagers.json", sets, NULL);
  ck_assert_int_lt (worst_fault_on (r, 0, ""), 10 * GF_MS);
  ck_assert (all_progress_on (r, 0));
  ck_assert (!all_progress_on (r, 1));
  ck_assert_int_gt (r->core.max_stall_ns, 700 * GF_MS);   /* CPU 1's pagers */
  ck_assert_uint_eq (r->faults.innocent_stalled_threads, 3);   /* those on CPU 1 */
  assert_cpu_accounts (r);
  run_result_free (r);

  const char *global[] = { schedulers[_i], "core.per_cpu_pagers=false", NULL };
  r = gf_run_file ("per-cpu-pagers.json", global, NULL);
  ck_assert (!all_progress_on (r, 0));
  ck_assert_uint_eq (r->faults.innocent_stalled_threads, 6);
  run_result_free (r);
}
END_TEST

/* With per_cpu_pagers every CPU has core.pager_threads pagers of its own,
 * on that CPU. */
START_TEST (test_cpus_pagers_per_cpu)
{
  static const char *const sets[] = { "kernel.cpus=3", "core.pager_threads=2", NULL };
  RunResult *r = gf_run_file ("per-cpu-pagers.json", sets, NULL);
  int per_cpu[3] = { 0 };
  for (size_t i = 0; i < r->n_threads; i++)
    if (r->threads[i].role == ROLE_PAGER)
      per_cpu[r->threads[i].cpu]++;
  ck_assert_int_eq (per_cpu[0], 2);
  ck_assert_int_eq (per_cpu[1], 2);
  ck_assert_int_eq (per_cpu[2], 2);
  ck_assert_int_eq (r->core.pager_threads, 6);
  run_result_free (r);
}
END_TEST

/* scenarios/mixed-system.json: every part of the system is alive under
 * every design that delivers GUI input: faults resolved, every user thread
 * progressing to the end, every GUI event delivered, the timer waking. */
START_TEST (test_cpus_mixed_system_is_alive_under_every_design)
{
  static const char *const strategies[] = {
    "strategy=\"async-signal\"", "strategy=\"sync-rpc\"", "strategy=\"ipc-timeout\"",
  };
  const char *sets[] = { strategies[_i], NULL };
  RunResult *r = gf_run_file ("mixed-system.json", sets, NULL);
  ck_assert_uint_gt (r->faults.resolved, 5000);
  ck_assert_uint_eq (r->progress.no_progress_threads, 0);
  ck_assert_uint_eq (r->faults.innocent_stalled_threads, 0);
  for (size_t i = 0; i < r->n_threads; i++)
    if (r->threads[i].role == ROLE_USER)
      ck_assert_msg (r->threads[i].ops_completed > 100, "%s completed %" G_GUINT64_FORMAT,
                     r->threads[i].name, r->threads[i].ops_completed);
  ck_assert_uint_gt (r->gui.events, 300);
  ck_assert_uint_eq (r->gui.delivered, 2 * r->gui.events);
  ck_assert_uint_gt (r->timer.wakeups, 2000);
  ck_assert_uint_eq (r->n_cpus, 2);
  assert_cpu_accounts (r);
  run_result_free (r);
}
END_TEST

Suite *
cpus_suite (void)
{
  Suite *s = suite_create ("cpus");
  TCase *tc = tcase_create ("cpus");
  tcase_set_timeout (tc, 60);
  tcase_add_loop_test (tc, test_cpus_pinned_hogs_get_exact_shares, 0, 2);
  tcase_add_loop_test (tc, test_cpus_ping_pong_on_seventeen_cpus, 0, 2);
  tcase_add_test (tc, test_cpus_stagger_gives_timer_bound_counts);
  tcase_add_test (tc, test_cpus_start_delays_the_program);
  tcase_add_test (tc, test_cpus_cross_cpu_call_costs_two_ipis);
  tcase_add_loop_test (tc, test_cpus_hung_manager_stalls_only_its_cpu_with_per_cpu_pagers, 0, 2);
  tcase_add_test (tc, test_cpus_pagers_per_cpu);
  tcase_add_loop_test (tc, test_cpus_mixed_system_is_alive_under_every_design, 0, 3);
  suite_add_tcase (s, tc);
  return s;
}
