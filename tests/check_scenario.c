/* Tests of the scenario loader (sim/scenario.c and its helpers): defaults,
 * every value form, --set, the position and wording of errors, the sha256,
 * the generated schema against scenarios/schema.json, every bad scenario in
 * tests/bad/ against its .expect, and mutated input that must never crash.
 * Paths are relative to the top of the tree, where `make check` runs. */
#include <check.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <glib.h>

#include "models/config.h"
#include "sim/scenario.h"

#define MIN_DOC "{\"name\": \"t\", \"duration\": \"1s\"}"

/* Loads `text` (named "t.json") with `sets`; fails the test if it does not load. */
static ScenarioConfig *
load_ok (const char *text, const char *const *sets)
{
  g_autoptr (GError) error = NULL;
  ScenarioConfig *c = scenario_load_data ("t.json", text, strlen (text), sets, &error);

  ck_assert_msg (c != NULL, "load failed: %s", error != NULL ? error->message : "?");
  ck_assert (error == NULL);
  return c;
}

/* Loads `text` expecting failure with `code`; returns the message. */
static char *
load_bad (const char *text, const char *const *sets, int code)
{
  g_autoptr (GError) error = NULL;
  ScenarioConfig *c = scenario_load_data ("t.json", text, strlen (text), sets, &error);

  ck_assert_msg (c == NULL, "loaded a bad scenario: %s", text);
  scenario_free (c);
  ck_assert (error != NULL);
  ck_assert_msg (error->domain == SCENARIO_ERROR && error->code == code,
                 "error code %d, want %d: %s", error->code, code, error->message);
  return g_strdup (error->message);
}

static void
assert_has (const char *msg, const char *fragment)
{
  ck_assert_msg (strstr (msg, fragment) != NULL, "no \"%s\" in:\n%s", fragment, msg);
}

/* Runs $MKSIM (the binary `make check` built) with `args` and standard
 * input from /dev/null; its exit status, and its stderr in *err. */
static int
run_mksim (const char *const *args, char **err)
{
  const char *bin = g_getenv ("MKSIM");
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (char *) (bin != NULL ? bin : "./mksim"));
  for (size_t i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  /* No G_SPAWN_CHILD_INHERITS_STDIN: the child reads /dev/null. */
  ck_assert_msg (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, err, &status, &error),
                 "%s", error != NULL ? error->message : "");
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

/* A minimal document with `key` (top level) set to the JSON `value`. */
static char *
doc_with (const char *key, const char *value)
{
  return g_strdup_printf ("{\"name\": \"t\", \"duration\": \"1s\", \"%s\": %s}", key, value);
}

/* ---- defaults ------------------------------------------------------------ */

START_TEST (test_scenario_defaults_match_config_defaults)
{
  ScenarioConfig want;
  ScenarioConfig *c = load_ok (MIN_DOC, NULL);

  config_defaults (&want);
  ck_assert_str_eq (c->name, "t");
  ck_assert_ptr_null (c->lesson);
  ck_assert_int_eq (c->duration, 1000000000);
  ck_assert_uint_eq (c->seed, want.seed);
  ck_assert_int_eq (c->warmup, want.warmup);
  ck_assert_int_eq (c->stall_threshold, want.stall_threshold);
  ck_assert_uint_eq (c->max_events, want.max_events);
  ck_assert_int_eq (c->strategy, want.strategy);
  ck_assert_int_eq (c->kernel.time_slice, want.kernel.time_slice);
  ck_assert_int_eq (c->kernel.ipc_timeout, want.kernel.ipc_timeout);
  ck_assert_int_eq (c->kernel.timer_tick, want.kernel.timer_tick);
  ck_assert_int_eq (c->kernel.on_timeout, want.kernel.on_timeout);
  ck_assert_int_eq (c->kernel.send_queue, want.kernel.send_queue);
  ck_assert_int_eq (c->kernel.ipc_switch, want.kernel.ipc_switch);
  ck_assert_int_eq (c->kernel.mapdb_entry_bytes, want.kernel.mapdb_entry_bytes);
  ck_assert_int_eq (c->kernel.costs.ipc, want.kernel.costs.ipc);
  ck_assert_int_eq (c->kernel.costs.signal, want.kernel.costs.signal);
  ck_assert_int_eq (c->kernel.costs.context_switch, want.kernel.costs.context_switch);
  ck_assert_int_eq (c->kernel.costs.fault_entry, want.kernel.costs.fault_entry);
  ck_assert_int_eq (c->kernel.costs.map, want.kernel.costs.map);
  ck_assert_int_eq (c->kernel.costs.mapdb_insert, want.kernel.costs.mapdb_insert);
  ck_assert_int_eq (c->kernel.costs.mapdb_revoke, want.kernel.costs.mapdb_revoke);
  ck_assert_int_eq (c->core.pager_threads, want.core.pager_threads);
  ck_assert_int_eq (c->core.priority, want.core.priority);
  ck_assert_int_eq (c->core.rm_session_quota, want.core.rm_session_quota);
  ck_assert (!c->gui.present);
  ck_assert_int_eq (c->gui.priority, want.gui.priority);
  ck_assert_int_eq (c->gui.buffer, want.gui.buffer);
  ck_assert_uint_eq (c->n_managers + c->n_dataspaces + c->n_servers + c->n_processes, 0);
  ck_assert_uint_eq (strlen (c->sha256), 64);
  scenario_free (c);
}
END_TEST

START_TEST (test_scenario_defaults_of_elements)
{
  const char *doc =
    "{\"name\": \"t\", \"duration\": \"1s\","
    " \"managers\": [{\"name\": \"m\", \"service\": \"1us\"}],"
    " \"dataspaces\": [{\"name\": \"d\", \"pages\": 8}],"
    " \"servers\": [{\"name\": \"s\", \"service\": \"1us\"}],"
    " \"processes\": [{\"name\": \"p\", \"threads\": [{\"name\": \"t\", \"program\": ["
    "   {\"touch\": {\"dataspace\": \"d\"}}, {\"call\": {\"server\": \"s\"}}]}]}],"
    " \"gui\": {\"events\": \"10ms\", \"clients\": [{\"name\": \"c\", \"handle\": \"1us\"}]}}";
  ScenarioConfig *c = load_ok (doc, NULL);
  const ThreadConfig *t = &c->processes[0].threads[0];

  ck_assert_int_eq (c->managers[0].priority, 100);
  ck_assert_int_eq (c->managers[0].map_pages, 1);
  ck_assert (!c->managers[0].exclusive);
  ck_assert_int_eq (c->managers[0].behavior.kind, BEHAVIOR_OK);
  ck_assert_int_eq (c->dataspaces[0].manager, -1);
  ck_assert_int_eq (c->dataspaces[0].backing, -1);
  ck_assert_int_eq (c->dataspaces[0].resident, 0);
  ck_assert_int_eq (c->servers[0].threads, 1);
  ck_assert_int_eq (c->servers[0].priority, 100);
  ck_assert_int_eq (c->processes[0].rm_pages, 4);
  ck_assert (!c->processes[0].has_exit_at);
  ck_assert_int_eq (t->count, 1);
  ck_assert_int_eq (t->priority, 100);
  ck_assert_uint_eq (t->n_program, 2);
  ck_assert_int_eq (t->program[0].kind, OP_TOUCH);
  ck_assert_int_eq (t->program[0].u.touch.dataspace, 0);
  ck_assert_int_eq (t->program[0].u.touch.pattern, TOUCH_RANDOM);
  ck_assert_int_eq (t->program[1].kind, OP_CALL);
  ck_assert_int_eq (t->program[1].u.call.server, 0);
  ck_assert (!t->program[1].u.call.has_timeout);
  ck_assert (c->gui.present);
  ck_assert_int_eq (c->gui.priority, 200);
  ck_assert_int_eq (c->gui.buffer, 64);
  ck_assert_int_eq (c->gui.clients[0].priority, 100);
  ck_assert_int_eq (c->gui.clients[0].behavior.kind, BEHAVIOR_OK);
  scenario_free (c);
}
END_TEST

START_TEST (test_scenario_full_every_key)
{
  g_autoptr (GError) error = NULL;
  ScenarioConfig *c = scenario_load_file ("tests/data/full.json", NULL, &error);
  const ProcessConfig *app;
  const Op *loop;

  ck_assert_msg (c != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_str_eq (c->name, "full");
  ck_assert_ptr_nonnull (c->lesson);
  ck_assert_uint_eq (c->seed, 42);
  ck_assert_int_eq (c->duration, 2000000000);
  ck_assert_int_eq (c->warmup, 50000000);
  ck_assert_int_eq (c->strategy, STRATEGY_SYNC_RPC);
  ck_assert_int_eq (c->stall_threshold, 20000000);
  ck_assert_uint_eq (c->max_events, 5000000);
  ck_assert_int_eq (c->kernel.time_slice, 5000000);
  ck_assert_int_eq (c->kernel.ipc_timeout, 0);
  ck_assert_int_eq (c->kernel.timer_tick, 1000000);
  ck_assert_int_eq (c->kernel.on_timeout, ON_TIMEOUT_RETRY);
  ck_assert_int_eq (c->kernel.send_queue, SEND_QUEUE_FIFO);
  ck_assert_int_eq (c->kernel.ipc_switch, IPC_SWITCH_DIRECT);
  ck_assert_int_eq (c->kernel.mapdb_entry_bytes, 48);
  ck_assert_int_eq (c->kernel.costs.ipc, 500);
  ck_assert_int_eq (c->kernel.costs.context_switch, 250);
  ck_assert_int_eq (c->kernel.costs.mapdb_revoke, 0);
  ck_assert_int_eq (c->core.pager_threads, 2);
  ck_assert_int_eq (c->core.priority, 240);
  ck_assert_int_eq (c->core.rm_session_quota, 1536);

  ck_assert_uint_eq (c->n_managers, 4);
  ck_assert_int_eq (c->managers[0].priority, 90);
  ck_assert_int_eq (c->managers[0].map_pages, 4);
  ck_assert (c->managers[0].exclusive);
  ck_assert_int_eq (c->managers[1].behavior.kind, BEHAVIOR_SLOW);
  ck_assert_int_eq (c->managers[1].behavior.service.kind, DIST_NORMAL);
  ck_assert_int_eq (c->managers[2].behavior.kind, BEHAVIOR_HANG);
  ck_assert (!c->managers[2].behavior.has_after);
  ck_assert_int_eq (c->managers[2].behavior.faults, 10);
  ck_assert_int_eq (c->managers[3].behavior.kind, BEHAVIOR_CRASH);
  ck_assert (c->managers[3].behavior.has_after);
  ck_assert_int_eq (c->managers[3].behavior.after, 1000000000);

  ck_assert_uint_eq (c->n_dataspaces, 3);
  ck_assert_int_eq (c->dataspaces[0].manager, 0);
  ck_assert_int_eq (c->dataspaces[0].resident, 512);
  ck_assert_int_eq (c->dataspaces[0].backing, 1);
  ck_assert_int_eq (c->dataspaces[1].manager, 1);
  ck_assert_int_eq (c->dataspaces[2].manager, -1);
  ck_assert_int_eq (c->servers[0].threads, 3);
  ck_assert_int_eq (c->servers[0].priority, 120);

  ck_assert_uint_eq (c->n_processes, 2);
  app = &c->processes[0];
  ck_assert (app->has_exit_at);
  ck_assert_int_eq (app->exit_at, 1500000000);
  ck_assert_int_eq (app->rm_pages, 8);
  ck_assert_uint_eq (app->n_threads, 2);
  ck_assert_int_eq (app->threads[0].count, 4);
  ck_assert_int_eq (app->threads[0].priority, 50);
  loop = &app->threads[0].program[0];
  ck_assert_int_eq (loop->kind, OP_REPEAT);
  ck_assert_int_eq (loop->u.repeat.count, -1);
  ck_assert_uint_eq (loop->u.repeat.n_body, 5);
  ck_assert_int_eq (loop->u.repeat.body[0].kind, OP_COMPUTE);
  ck_assert_int_eq (loop->u.repeat.body[0].u.compute.d.kind, DIST_EXP);
  ck_assert_int_eq (loop->u.repeat.body[1].u.touch.pattern, TOUCH_SEQUENTIAL);
  ck_assert (loop->u.repeat.body[2].u.call.has_timeout);
  ck_assert_int_eq (loop->u.repeat.body[2].u.call.timeout, 1000000);
  ck_assert_int_eq (loop->u.repeat.body[3].u.repeat.count, 3);
  ck_assert_int_eq (loop->u.repeat.body[3].u.repeat.body[0].u.touch.dataspace, 2);
  ck_assert_int_eq (loop->u.repeat.body[3].u.repeat.body[0].u.touch.pattern, TOUCH_SAME);
  ck_assert_int_eq (loop->u.repeat.body[4].kind, OP_SLEEP);
  ck_assert_double_eq (loop->u.repeat.body[4].u.sleep.d.a, 1e6);
  ck_assert (app->threads[1].program[0].u.compute.forever);
  ck_assert_uint_eq (c->processes[1].n_threads, 0);

  ck_assert (c->gui.present);
  ck_assert_int_eq (c->gui.priority, 210);
  ck_assert_int_eq (c->gui.buffer, 8);
  ck_assert_int_eq (c->gui.events.kind, EVENTS_BURST);
  ck_assert_int_eq (c->gui.events.burst_size, 5);
  ck_assert_int_eq (c->gui.events.burst_gap, 1000000);
  ck_assert_int_eq (c->gui.events.burst_every, 100000000);
  ck_assert_uint_eq (c->gui.n_clients, 2);
  ck_assert_int_eq (c->gui.clients[1].behavior.kind, BEHAVIOR_BUSY);
  ck_assert_int_eq (c->gui.clients[1].behavior.compute.kind, DIST_EXP);
  scenario_free (c);
}
END_TEST

/* ---- values --------------------------------------------------------------- */

/* The duration `text` (JSON) as read into "duration", or -1 with *msg set. */
static int64_t
duration_of (const char *text, char **msg)
{
  g_autofree char *doc = g_strdup_printf ("{\"name\": \"t\", \"duration\": %s}", text);
  g_autoptr (GError) error = NULL;
  ScenarioConfig *c = scenario_load_data ("t.json", doc, strlen (doc), NULL, &error);
  int64_t v;

  if (c == NULL)
    {
      *msg = g_strdup (error->message);
      return -1;
    }
  v = c->duration;
  scenario_free (c);
  return v;
}

START_TEST (test_scenario_duration_units)
{
  static const struct { const char *text; int64_t ns; } good[] = {
    { "\"250ns\"", 250 }, { "\"2.5us\"", 2500 }, { "\"10ms\"", 10000000 },
    { "\"1s\"", 1000000000 }, { "\"0.1us\"", 100 }, { "\"1.5s\"", 1500000000 },
    { "\"0.000000001s\"", 1 }, { "\"1.00000000000000000000s\"", 1000000000 },
    { "\"1000000s\"", INT64_C (1000000000000000) },
    { "\"1000000000000000ns\"", INT64_C (1000000000000000) },
  };
  static const struct { const char *text; const char *why; } bad[] = {
    { "\"-5ms\"", "\"-5ms\" is negative" },
    { "\"10\"", "\"10\" has no unit" },
    { "\"abc\"", "\"abc\" is not a duration" },
    { "\"10xs\"", "unknown unit \"xs\"" },
    { "\"10sec\"", "unknown unit \"sec\"" },
    { "\"10 ms\"", "\"10 ms\": no spaces in a duration: write \"10ms\"" },
    { "\" 10ms\"", "\" 10ms\": no spaces in a duration: write \"10ms\"" },
    { "\"10ms \"", "no spaces in a duration: write \"10ms\"" },
    { "\"1.ms\"", "a decimal point needs digits on both sides" },
    { "\".5ms\"", "a decimal point needs digits on both sides" },
    { "\"+5ms\"", "\"+5ms\": no sign, please: write \"5ms\"" },
    { "\"-0ms\"", "\"-0ms\": no sign, please: write \"0ms\"" },
    { "\"-5ms\"", "\"-5ms\" is negative: a duration is 0 or more" },
    { "\"1e3ms\"", "\"1e3ms\": no exponents, please: write \"1000ms\"" },
    { "\"2.5E-3s\"", "\"2.5E-3s\": no exponents, please: write \"0.0025s\"" },
    { "\"1e400ms\"", "no exponents, please: write the number out in digits" },
    { "\"5\u00b5s\"", "write microseconds as \"us\"" },
    { "\"5\u03bcs\"", "write microseconds as \"us\"" },
    { "\"5MS\"", "unknown unit \"MS\" (did you mean \"ms\"?)" },
    { "\"0.5ns\"", "is not a whole number of nanoseconds" },
    { "\"9223372036854775808ns\"", "is too large" },
    { "\"10000000000s\"", "is too large" },
    /* The largest duration is 10^15 ns: the models add times and costs. */
    { "\"9223372036854775807ns\"", "duration: \"9223372036854775807ns\" is too large (a "
                                   "duration is at most 1000000s, about 11.6 days)" },
    { "\"1000000.000000001s\"", "is too large (a duration is at most 1000000s" },
    { "\"1000000000000001ns\"", "is too large (a duration is at most 1000000s" },
    { "5", "5 is a bare number; a duration needs a unit (ns, us, ms, s): write \"5ms\"" },
    { "-5", "-5 is a bare number; a duration is a string with a unit" },
    { "1e400", "1e400 is a bare number; a duration is a string with a unit" },
    { "true", "expected a duration (a string like \"10ms\"), got a boolean" },
    { "\"0ms\"", "duration: must be > 0" },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *msg = NULL;
      int64_t v = duration_of (good[i].text, &msg);

      ck_assert_msg (v == good[i].ns, "%s: got %" G_GINT64_FORMAT " (%s)", good[i].text, v,
                     msg != NULL ? msg : "");
    }
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *msg = NULL;

      ck_assert_int_eq (duration_of (bad[i].text, &msg), -1);
      assert_has (msg, bad[i].why);
    }
}
END_TEST

START_TEST (test_scenario_size_units)
{
  static const struct { const char *text; int64_t bytes; } good[] = {
    { "\"3B\"", 3 }, { "\"64KiB\"", 65536 }, { "\"1.5KiB\"", 1536 },
    { "\"2MiB\"", 2 << 20 }, { "\"1GiB\"", 1 << 30 }, { "\"0B\"", 0 },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *core = g_strdup_printf ("{\"rm_session_quota\": %s}", good[i].text);
      g_autofree char *doc = doc_with ("core", core);
      ScenarioConfig *c = load_ok (doc, NULL);

      ck_assert_int_eq (c->core.rm_session_quota, good[i].bytes);
      scenario_free (c);
    }
  {
    g_autofree char *doc = doc_with ("core", "{\"rm_session_quota\": \"64KB\"}");
    g_autofree char *msg = load_bad (doc, NULL, SCENARIO_ERROR_INVALID);

    assert_has (msg, "core.rm_session_quota: \"64KB\": unknown unit \"KB\" (did you mean \"KiB\"?)");
  }
  {
    g_autofree char *doc = doc_with ("core", "{\"rm_session_quota\": \"1.5GiB\"}");
    g_autofree char *msg = load_bad (doc, NULL, SCENARIO_ERROR_INVALID);

    assert_has (msg, "core.rm_session_quota: \"1.5GiB\" is too large (a size is at most 1GiB)");
  }
  {
    g_autofree char *doc = doc_with ("core", "{\"rm_session_quota\": \"0.3B\"}");
    g_autofree char *msg = load_bad (doc, NULL, SCENARIO_ERROR_INVALID);

    assert_has (msg, "is not a whole number of bytes");
  }
  {
    g_autofree char *doc = doc_with ("core", "{\"rm_session_quota\": 65536}");
    g_autofree char *msg = load_bad (doc, NULL, SCENARIO_ERROR_INVALID);

    assert_has (msg, "a size needs a unit");
  }
}
END_TEST

/* A scenario with one manager whose service is the JSON `dist`. */
static char *
doc_with_service (const char *dist)
{
  return g_strdup_printf ("{\"name\": \"t\", \"duration\": \"1s\", \"managers\": "
                          "[{\"name\": \"m\", \"service\": %s}]}", dist);
}

START_TEST (test_scenario_distribution_kinds)
{
  static const struct { const char *text; DistKind kind; double a, b; } good[] = {
    { "\"20us\"", DIST_CONST, 20000, 0 },
    { "\"0ns\"", DIST_CONST, 0, 0 },
    { "{\"exp\": \"50us\"}", DIST_EXP, 50000, 0 },
    { "{\"uniform\": [\"10us\", \"30us\"]}", DIST_UNIFORM, 10000, 30000 },
    { "{\"uniform\": [\"10us\", \"10us\"]}", DIST_UNIFORM, 10000, 10000 },
    { "{\"normal\": {\"mean\": \"1ms\", \"sd\": \"0.1ms\"}}", DIST_NORMAL, 1e6, 1e5 },
    { "{\"lognormal\": {\"median\": \"20us\", \"sigma\": 0.5}}", DIST_LOGNORMAL, 20000, 0.5 },
    { "{\"pareto\": {\"min\": \"5us\", \"alpha\": 2.5}}", DIST_PARETO, 5000, 2.5 },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *doc = doc_with_service (good[i].text);
      ScenarioConfig *c = load_ok (doc, NULL);
      const Dist *d = &c->managers[0].service;

      ck_assert_msg (d->kind == good[i].kind && d->a == good[i].a && d->b == good[i].b,
                     "%s: kind %d a %g b %g", good[i].text, d->kind, d->a, d->b);
      scenario_free (c);
    }
}
END_TEST

START_TEST (test_scenario_distribution_errors)
{
  static const struct { const char *text; const char *why; } bad[] = {
    { "{\"uniform\": [\"30us\", \"10us\"]}", "managers[0].service.uniform: low \"30us\" is above "
                                             "high \"10us\"" },
    { "{\"uniform\": [\"30us\"]}", "expected an array of two durations" },
    { "{\"pareto\": {\"min\": \"5us\", \"alpha\": 0}}", "service.pareto.alpha: must be > 0" },
    { "{\"pareto\": {\"min\": \"5us\", \"alpha\": -1}}", "service.pareto.alpha: must be > 0" },
    { "{\"lognormal\": {\"median\": \"5us\"}}", "service.lognormal.sigma: required key is "
                                                "missing" },
    { "{\"lognormal\": {\"median\": \"5us\", \"sigma\": \"1\"}}", "expected a number, got a "
                                                                 "string" },
    { "{\"normal\": {\"mean\": \"1ms\", \"sd\": \"1ms\", \"sdev\": \"1ms\"}}",
      "unknown key \"sdev\" (did you mean \"sd\"?)" },
    { "{\"expo\": \"5us\"}", "unknown distribution \"expo\" (did you mean \"exp\"?)" },
    { "{\"exp\": \"5us\", \"uniform\": [\"1us\", \"2us\"]}", "a distribution has exactly one key" },
    { "{}", "empty distribution" },
    { "{\"period\": \"5ms\"}", "\"period\" is only for gui.events" },
    { "[\"1us\"]", "expected a distribution" },
    { "{\"exp\": \"-1us\"}", "managers[0].service.exp: \"-1us\" is negative" },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *doc = doc_with_service (bad[i].text);
      g_autofree char *msg = load_bad (doc, NULL, SCENARIO_ERROR_INVALID);

      assert_has (msg, bad[i].why);
    }
}
END_TEST

START_TEST (test_scenario_events_forms)
{
  static const struct { const char *text; EventSourceKind kind; DistKind dist; double a; } good[] = {
    { "{\"period\": \"10ms\"}", EVENTS_DIST, DIST_CONST, 1e7 },
    { "{\"exp\": \"15ms\"}", EVENTS_DIST, DIST_EXP, 1.5e7 },
    { "\"20ms\"", EVENTS_DIST, DIST_CONST, 2e7 },
    { "{\"burst\": {\"size\": 3, \"gap\": \"0ns\", \"every\": \"1s\"}}", EVENTS_BURST, 0, 0 },
  };
  static const struct { const char *text; const char *why; } bad[] = {
    { "{\"period\": \"0ms\"}", "gui.events.period: must be > 0" },
    { "\"0ms\"", "gui.events: the mean inter-arrival time must be > 0" },
    { "{\"exp\": \"0ms\"}", "the mean inter-arrival time must be > 0" },
    { "{\"uniform\": [\"0ms\", \"0ms\"]}", "the mean inter-arrival time must be > 0" },
    { "{\"burst\": {\"size\": 0, \"gap\": \"1ms\", \"every\": \"1s\"}}",
      "gui.events.burst.size: must be between 1 and 1000000, got 0" },
    { "{\"burst\": {\"size\": 2, \"gap\": \"1ms\"}}", "gui.events.burst.every: required key" },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *gui = g_strdup_printf ("{\"events\": %s}", good[i].text);
      g_autofree char *doc = doc_with ("gui", gui);
      ScenarioConfig *c = load_ok (doc, NULL);

      ck_assert_int_eq (c->gui.events.kind, good[i].kind);
      if (good[i].kind == EVENTS_DIST)
        {
          ck_assert_int_eq (c->gui.events.gap.kind, good[i].dist);
          ck_assert_double_eq (c->gui.events.gap.a, good[i].a);
        }
      else
        ck_assert_int_eq (c->gui.events.burst_size, 3);
      scenario_free (c);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *gui = g_strdup_printf ("{\"events\": %s}", bad[i].text);
      g_autofree char *doc = doc_with ("gui", gui);
      g_autofree char *msg = load_bad (doc, NULL, SCENARIO_ERROR_INVALID);

      assert_has (msg, bad[i].why);
    }
}
END_TEST

START_TEST (test_scenario_integers_exact)
{
  g_autofree char *max_seed = doc_with ("seed", "9223372036854775807");
  g_autofree char *big_seed = doc_with ("seed", "9223372036854775808");
  g_autofree char *neg_seed = doc_with ("seed", "-1");
  g_autofree char *frac_seed = doc_with ("seed", "1.5");
  ScenarioConfig *c = load_ok (max_seed, NULL);
  g_autofree char *m1 = NULL, *m2 = NULL, *m3 = NULL;

  ck_assert_uint_eq (c->seed, (uint64_t) INT64_MAX);
  scenario_free (c);
  m1 = load_bad (big_seed, NULL, SCENARIO_ERROR_INVALID);
  assert_has (m1, "seed: must be an integer between 0 and 9223372036854775807, got "
              "9223372036854775808");
  m2 = load_bad (neg_seed, NULL, SCENARIO_ERROR_INVALID);
  assert_has (m2, "seed: must be an integer between 0 and 9223372036854775807, got -1");
  m3 = load_bad (frac_seed, NULL, SCENARIO_ERROR_INVALID);
  assert_has (m3, "seed: expected an integer, got 1.5");
}
END_TEST

/* A document with `n_ds` managed dataspaces of `pages` pages and
 * `n_procs` processes (without threads), one manager. */
static char *
doc_with_pages (int n_ds, const char *pages, int n_procs)
{
  GString *s = g_string_new ("{\"name\": \"t\", \"duration\": \"1s\", \"managers\": "
                             "[{\"name\": \"m\", \"service\": \"1us\"}], \"dataspaces\": [");

  for (int i = 0; i < n_ds; i++)
    g_string_append_printf (s, "%s{\"name\": \"d%d\", \"pages\": %s, \"manager\": \"m\"}",
                            i > 0 ? ", " : "", i, pages);
  g_string_append (s, "], \"processes\": [");
  for (int i = 0; i < n_procs; i++)
    g_string_append_printf (s, "%s{\"name\": \"p%d\", \"threads\": []}", i > 0 ? ", " : "", i);
  g_string_append (s, "]}");
  return g_string_free (s, FALSE);
}

/* The models allocate page state up front: a dataspace has at most 2^24
 * pages, and all of them together at most 1 GiB of state, which the
 * message spells out. */
START_TEST (test_scenario_page_limits)
{
  g_autofree char *max = doc_with_pages (1, "16777216", 0);
  g_autofree char *over = doc_with_pages (1, "16777217", 0);
  g_autofree char *schema_max = doc_with_pages (1, "1099511627776", 0);
  g_autofree char *fits = doc_with_pages (4, "16777216", 99);
  g_autofree char *too_much = doc_with_pages (8, "16777216", 99);
  g_autofree char *resident = NULL;
  g_autofree char *m1 = NULL, *m2 = NULL, *m3 = NULL, *m4 = NULL;
  ScenarioConfig *c = load_ok (max, NULL);

  ck_assert_int_eq (c->dataspaces[0].pages, (int64_t) 1 << 24);
  scenario_free (c);
  scenario_free (load_ok (fits, NULL));
  m1 = load_bad (over, NULL, SCENARIO_ERROR_INVALID);
  assert_has (m1, "dataspaces[0].pages: 16777217 is too large; must be between 1 and 16777216");
  m2 = load_bad (schema_max, NULL, SCENARIO_ERROR_INVALID);
  assert_has (m2, "dataspaces[0].pages: 1099511627776 is too large; must be between 1 and "
                  "16777216");
  m3 = load_bad (too_much, NULL, SCENARIO_ERROR_INVALID);
  ck_assert_str_eq (m3, "t.json:1:80: dataspaces: 8 dataspaces of 134217728 pages in all, in "
                        "100 address spaces (99 processes and 1 manager), need about 1.7 GiB of "
                        "page state (for each dataspace in each address space a bitmap of a bit "
                        "a page, plus 16 bytes; for each page of a managed dataspace up to 13 "
                        "bytes); at most 1 GiB: use fewer or smaller dataspaces, or fewer "
                        "processes");
  resident = g_strdup_printf ("{\"name\": \"t\", \"duration\": \"1s\", \"dataspaces\": "
                              "[{\"name\": \"d\", \"pages\": 8, \"resident\": %" G_GINT64_FORMAT
                              "}]}", ((int64_t) 1 << 24) + 1);
  m4 = load_bad (resident, NULL, SCENARIO_ERROR_INVALID);
  assert_has (m4, "dataspaces[0].resident: 16777217 is too large; must be between 0 and "
                  "16777216");
}
END_TEST

/* The GUI clients' buffers are allocated whole: buffer x clients is bounded. */
START_TEST (test_scenario_gui_buffer_limit)
{
  GString *doc = g_string_new ("{\"name\": \"t\", \"duration\": \"1s\", \"gui\": "
                               "{\"events\": \"1ms\", \"buffer\": 1000000, \"clients\": [");
  g_autofree char *msg = NULL;
  g_autofree char *fits = NULL;

  for (int i = 0; i < 65; i++)
    g_string_append_printf (doc, "%s{\"name\": \"c%d\", \"handle\": \"1us\"}", i > 0 ? ", " : "", i);
  g_string_append (doc, "]}}");
  msg = load_bad (doc->str, NULL, SCENARIO_ERROR_INVALID);
  ck_assert_str_eq (msg, "t.json:1:68: gui.buffer: 1000000 events for each of 65 clients is "
                         "65000000 buffered events in all; at most 64000000 (a smaller buffer, "
                         "or fewer clients)");
  {
    const char *smaller[] = { "gui.buffer=984615", NULL };
    ScenarioConfig *c = load_ok (doc->str, smaller);

    ck_assert_int_eq (c->gui.buffer, 984615);
    scenario_free (c);
  }
  g_string_free (doc, TRUE);
}
END_TEST

/* A dataspace of the largest size runs: its page state is a few MiB (it
 * used to be allowed 2^40 pages, and a run aborted allocating them). */
START_TEST (test_scenario_largest_dataspace_runs)
{
  g_autofree char *dir = g_dir_make_tmp ("mksim-pages.XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "big.json", NULL);
  const char *doc =
    "{\"name\": \"big\", \"duration\": \"5ms\","
    " \"managers\": [{\"name\": \"m\", \"service\": \"1us\", \"exclusive\": true}],"
    " \"dataspaces\": [{\"name\": \"d\", \"pages\": 16777216, \"manager\": \"m\","
    "   \"resident\": 1000000}],"
    " \"processes\": [{\"name\": \"p\", \"threads\": [{\"name\": \"t\", \"count\": 2,"
    "   \"program\": [{\"repeat\": \"forever\", \"do\": [{\"touch\": {\"dataspace\": \"d\"}}]}]}]}]}";
  g_autofree char *err = NULL;

  ck_assert (g_file_set_contents (file, doc, -1, NULL));
  {
    const char *args[] = { "run", file, "--quiet", "--strategy", "local-region-mapper", NULL };

    ck_assert_int_eq (run_mksim (args, &err), 0);
  }
  g_unlink (file);
  g_rmdir (dir);
}
END_TEST

/* An integer is whole as written, not only as its double. */
START_TEST (test_scenario_integers_as_written)
{
  static const struct { const char *text; int count; } good[] = {
    { "1e2", 100 }, { "100e-2", 1 }, { "1.5e1", 15 }, { "2.50e1", 25 }, { "7.0", 7 },
  };
  static const struct { const char *text; const char *why; } bad[] = {
    { "1.0000000000000001", "count: expected an integer, got 1.0000000000000001" },
    { "1e-400", "count: expected an integer, got 1e-400" },
    { "-0", "count: must be between 1 and 1000000, got -0" },
    { "1e999", "count: 1e999 is too large; must be between 1 and 1000000" },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *doc = g_strdup_printf ("{\"name\": \"t\", \"duration\": \"1s\", "
                                              "\"processes\": [{\"name\": \"p\", \"threads\": "
                                              "[{\"name\": \"t\", \"count\": %s, \"program\": "
                                              "[]}]}]}", good[i].text);
      ScenarioConfig *c = load_ok (doc, NULL);

      ck_assert_int_eq (c->processes[0].threads[0].count, good[i].count);
      scenario_free (c);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *doc = g_strdup_printf ("{\"name\": \"t\", \"duration\": \"1s\", "
                                              "\"processes\": [{\"name\": \"p\", \"threads\": "
                                              "[{\"name\": \"t\", \"count\": %s, \"program\": "
                                              "[]}]}]}", bad[i].text);
      g_autofree char *msg = load_bad (doc, NULL, SCENARIO_ERROR_INVALID);

      assert_has (msg, bad[i].why);
    }
  {
    g_autofree char *doc = doc_with ("seed", "1e-400");
    g_autofree char *msg = load_bad (doc, NULL, SCENARIO_ERROR_INVALID);

    assert_has (msg, "seed: expected an integer, got 1e-400");
  }
}
END_TEST

/* `program` of one thread as JSON: `depth` repeats, one inside the other,
 * around a compute; the innermost repeat counts `count`. */
static char *
doc_with_repeats (int depth, const char *count)
{
  GString *s = g_string_new ("{\"name\": \"t\", \"duration\": \"1s\", \"processes\": [{"
                             "\"name\": \"p\", \"threads\": [{\"name\": \"t\", \"program\": [");

  for (int i = 0; i < depth; i++)
    g_string_append_printf (s, "{\"repeat\": %s, \"do\": [", i + 1 == depth ? count : "2");
  g_string_append (s, "{\"compute\": \"1us\"}");
  for (int i = 0; i < depth; i++)
    g_string_append (s, "]}");
  g_string_append (s, "]}]}]}");
  return g_string_free (s, FALSE);
}

/* Repeat counts are bounded, with the bound named; repeats nest at most 16
 * deep (the models walk the nesting in exponential time). */
START_TEST (test_scenario_repeat_limits)
{
  g_autofree char *huge = doc_with_repeats (1, "1000000000000000000000000000000");
  g_autofree char *max = doc_with_repeats (1, "1000000000000000");
  g_autofree char *deep = doc_with_repeats (16, "3");
  g_autofree char *too_deep = doc_with_repeats (17, "3");
  g_autofree char *m1 = load_bad (huge, NULL, SCENARIO_ERROR_INVALID);
  g_autofree char *m2 = load_bad (too_deep, NULL, SCENARIO_ERROR_INVALID);
  g_auto (GStrv) lines = g_strsplit (m2, "\n", -1);
  ScenarioConfig *c = load_ok (max, NULL);
  const Op *op;

  assert_has (m1, "t.json:1:110: processes[0].threads[0].program[0].repeat: 100000000000... "
                  "(31 characters) is too large; must be between 1 and 1000000000000000");
  ck_assert_int_eq (c->processes[0].threads[0].program[0].u.repeat.count,
                    INT64_C (1000000000000000));
  scenario_free (c);
  c = load_ok (deep, NULL);
  op = &c->processes[0].threads[0].program[0];
  for (int i = 1; i < 16; i++)
    op = &op->u.repeat.body[0];
  ck_assert_int_eq (op->kind, OP_REPEAT);
  ck_assert_int_eq (op->u.repeat.count, 3);
  scenario_free (c);
  ck_assert_uint_eq (g_strv_length (lines), 1);
  assert_has (m2, "program[0].do[0].do[0].do[0].do[0].do[0].do[0].do[0].do[0].do[0].do[0].do[0]"
                  ".do[0].do[0].do[0].do[0].do[0].repeat: a repeat nested 17 deep (inside 16 "
                  "others); repeats nest at most 16 levels");
}
END_TEST

/* ---- --set ----------------------------------------------------------------- */

START_TEST (test_scenario_set_creates_missing_objects)
{
  const char *sets[] = { "kernel.costs.ipc=1us", "core.priority=7", NULL };
  ScenarioConfig *c = load_ok (MIN_DOC, sets);

  ck_assert_int_eq (c->kernel.costs.ipc, 1000);
  ck_assert_int_eq (c->kernel.costs.signal, config_default_costs ().signal);
  ck_assert_int_eq (c->kernel.time_slice, 10000000);
  ck_assert_int_eq (c->core.priority, 7);
  ck_assert_int_eq (c->core.pager_threads, 1);
  scenario_free (c);
}
END_TEST

START_TEST (test_scenario_set_array_index)
{
  const char *sets[] = { "managers[1].behavior.kind=hang", "managers[1].behavior.after=5ms",
                         "processes[0].threads[0].count=7", NULL };
  g_autoptr (GError) error = NULL;
  ScenarioConfig *c = scenario_load_file ("tests/data/full.json", sets, &error);

  ck_assert_msg (c != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_int_eq (c->managers[1].behavior.kind, BEHAVIOR_HANG);
  ck_assert (c->managers[1].behavior.has_after);
  ck_assert_int_eq (c->managers[1].behavior.after, 5000000);
  ck_assert_int_eq (c->managers[0].behavior.kind, BEHAVIOR_OK);
  ck_assert_int_eq (c->processes[0].threads[0].count, 7);
  scenario_free (c);
}
END_TEST

START_TEST (test_scenario_set_json_or_string)
{
  /* "3" is JSON (a number); "sync-rpc" is not JSON, so a string; an object
   * replaces a whole section. */
  const char *sets[] = { "seed=3", "strategy=sync-rpc", "lesson=\"quoted\"",
                         "kernel={\"time_slice\": \"1ms\"}", "name=two words", NULL };
  const char *as_number[] = { "name=123", NULL };
  ScenarioConfig *c = load_ok (MIN_DOC, sets);
  g_autofree char *msg = NULL;

  ck_assert_uint_eq (c->seed, 3);
  ck_assert_int_eq (c->strategy, STRATEGY_SYNC_RPC);
  ck_assert_str_eq (c->lesson, "quoted");
  ck_assert_int_eq (c->kernel.time_slice, 1000000);
  ck_assert_int_eq (c->kernel.ipc_timeout, 5000000);
  ck_assert_str_eq (c->name, "two words");
  scenario_free (c);
  msg = load_bad (MIN_DOC, as_number, SCENARIO_ERROR_INVALID);
  ck_assert_str_eq (msg, "--set name=123: name: expected a string, got a number");
}
END_TEST

START_TEST (test_scenario_set_bad_paths)
{
  static const struct { const char *set; const char *why; } bad[] = {
    { "managers[5].service=1ms", "--set managers[5].service=1ms: managers[5].service: index 5 "
                                 "out of range (managers has 4 elements)" },
    { "kernel[0]=1", "kernel[0]: kernel is an object, not an array" },
    { "seed.x=1", "seed.x: seed is a number, not an object" },
    { "nosuch[0]=1", "nosuch[0]: the scenario has no key \"nosuch\" to index" },
    { "kernel..time_slice=1ms", "malformed path \"kernel..time_slice\"" },
    { "managers[a[b]]=1", "malformed path \"managers[a[b]]\"" },
    { "managers[1=1", "malformed path \"managers[1\"" },
    { "=1", "malformed path \"\"" },
    { "kernel.time_slice", "--set kernel.time_slice: expected PATH=VALUE" },
    /* An index past any array is out of range, not malformed. */
    { "managers[99999999999999999999].service=1ms",
      "--set managers[99999999999999999999].service=1ms: managers[99999999999999999999].service: "
      "index 99999999999999999999 out of range (managers has 4 elements)" },
    { "managers[2147483648].service=1ms", "index 2147483648 out of range (managers has 4" },
    /* A --set is text as a file is: UTF-8, no control characters, and a
     * VALUE that is JSON well formed; messages show it escaped. */
    { "name=a\001b", "--set name=a\\x01b: control character 0x01 (character 7); in a JSON "
                     "string write it as \\u0001" },
    { "name=a\377b", "--set name=a\\xffb: not UTF-8 text: byte 0xff (character 7) is not "
                     "part of a UTF-8 character" },
    { "name=\"a\tb\"", "--set name=\"a\\tb\": the value, at character 3: invalid JSON: a tab "
                       "in a string (write it as \\t)" },
    { "name=\"a\\ud800\"", "the value, at character 3: invalid \\u escape: lone surrogate" },
    { "name=\"abc", "--set name=\"abc: the value, at character 1: invalid JSON: unterminated "
                    "string (no closing '\"' before the end of the value)" },
    { "na\nme=1", "--set na\\nme=1: malformed path \"na\\nme\"" },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *sets[] = { bad[i].set, NULL };
      g_autoptr (GError) error = NULL;
      ScenarioConfig *c = scenario_load_file ("tests/data/full.json", sets, &error);

      ck_assert_msg (c == NULL, "--set %s was accepted", bad[i].set);
      ck_assert_int_eq (error->code, SCENARIO_ERROR_SET);
      assert_has (error->message, bad[i].why);
    }
}
END_TEST

START_TEST (test_scenario_set_errors_name_the_set)
{
  const char *zero[] = { "kernel.time_slice=0ms", NULL };
  const char *section[] = { "managers[0]={\"name\": \"x\"}", NULL };
  const char *unknown[] = { "kernel.time_slise=1ms", NULL };
  g_autofree char *m1 = load_bad (MIN_DOC, zero, SCENARIO_ERROR_INVALID);
  g_autofree char *m2 = NULL, *m3 = NULL;
  g_autoptr (GError) error = NULL;
  ScenarioConfig *c = scenario_load_file ("tests/data/full.json", section, &error);

  ck_assert_str_eq (m1, "--set kernel.time_slice=0ms: kernel.time_slice: must be > 0 "
                        "(got \"0ms\")");
  /* The new manager lacks its service, and "swap" (a dataspace's manager)
   * is gone: the first is the --set's, the second the file's. */
  ck_assert (c == NULL);
  m2 = g_strdup (error->message);
  assert_has (m2, "--set managers[0]={\"name\": \"x\"}: managers[0].service: required key is "
              "missing");
  assert_has (m2, "tests/data/full.json:29:49: dataspaces[0].manager: no manager named \"swap\"");
  m3 = load_bad (MIN_DOC, unknown, SCENARIO_ERROR_INVALID);
  ck_assert_str_eq (m3, "--set kernel.time_slise=1ms: kernel.time_slise: unknown key "
                        "\"time_slise\" (did you mean \"time_slice\"?)");
}
END_TEST

/* A VALUE that is not JSON is a string, line breaks and tabs and all. */
START_TEST (test_scenario_set_text_value)
{
  const char *sets[] = { "lesson=line one\n\tline two", NULL };
  ScenarioConfig *c = load_ok (MIN_DOC, sets);

  ck_assert_str_eq (c->lesson, "line one\n\tline two");
  scenario_free (c);
}
END_TEST

START_TEST (test_scenario_set_later_wins)
{
  const char *sets[] = { "seed=5", "seed=6", NULL };
  ScenarioConfig *c = load_ok (MIN_DOC, sets);

  ck_assert_uint_eq (c->seed, 6);
  scenario_free (c);
}
END_TEST

/* ---- errors ----------------------------------------------------------------- */

START_TEST (test_scenario_error_position)
{
  const char *doc =
    "{\n"
    "  \"name\": \"t\",\n"
    "  \"duration\": \"1s\",\n"
    "  \"managers\": [\n"
    "    { \"name\": \"a\", \"service\": \"1us\" },\n"
    "    { \"name\": \"b\",\n"
    "      \"service\": \"-5ms\" }\n"
    "  ]\n"
    "}\n";
  g_autofree char *msg = load_bad (doc, NULL, SCENARIO_ERROR_INVALID);

  ck_assert_str_eq (msg, "t.json:7:18: managers[1].service: \"-5ms\" is negative: a "
                         "duration is 0 or more");
}
END_TEST

START_TEST (test_scenario_error_columns_count_characters)
{
  /* "é" and "→" are 2 and 3 bytes but one column each; a tab is one. */
  const char *doc = "{\"name\": \"é→\",\t\"duration\": \"1 s\"}";
  g_autofree char *msg = load_bad (doc, NULL, SCENARIO_ERROR_INVALID);

  assert_has (msg, "t.json:1:28: duration: \"1 s\": no spaces in a duration: write \"1s\"");
}
END_TEST

START_TEST (test_scenario_error_many_reported)
{
  const char *doc =
    "{\"name\": \"t\", \"duration\": \"1s\",\n"
    " \"seed\": -1,\n"
    " \"kernel\": {\"time_slice\": \"0ms\"},\n"
    " \"core\": {\"priority\": 256}}\n";
  g_autofree char *msg = load_bad (doc, NULL, SCENARIO_ERROR_INVALID);
  g_auto (GStrv) lines = g_strsplit (msg, "\n", -1);

  ck_assert_uint_eq (g_strv_length (lines), 3);
  ck_assert (g_str_has_prefix (lines[0], "t.json:2:10: seed: "));
  ck_assert (g_str_has_prefix (lines[1], "t.json:3:27: kernel.time_slice: must be > 0"));
  ck_assert_str_eq (lines[2], "t.json:4:23: core.priority: 256 is too large; must be between 0 and 255");
}
END_TEST

START_TEST (test_scenario_error_at_most_20)
{
  GString *doc = g_string_new ("{\"name\": \"t\", \"duration\": \"1s\", \"managers\": [");
  g_autofree char *msg = NULL;
  g_auto (GStrv) lines = NULL;

  for (int i = 0; i < 30; i++)
    g_string_append_printf (doc, "%s{\"name\": \"m%d\", \"service\": \"-1us\"}", i ? ", " : "", i);
  g_string_append (doc, "]}");
  msg = load_bad (doc->str, NULL, SCENARIO_ERROR_INVALID);
  g_string_free (doc, TRUE);
  lines = g_strsplit (msg, "\n", -1);
  ck_assert_uint_eq (g_strv_length (lines), 21);
  assert_has (lines[0], "managers[0].service");
  assert_has (lines[19], "managers[19].service");
  ck_assert_str_eq (lines[20], "t.json: 10 more problems not shown");
}
END_TEST

/* A misspelt section breaks what refers to it: the unknown key comes first,
 * even when its knock-on errors come earlier in the file and are more than
 * the 20 listed. */
START_TEST (test_scenario_error_unknown_key_first)
{
  GString *doc = g_string_new ("{\"name\": \"t\", \"duration\": \"1s\", \"dataspaces\": [");
  const char *sets[] = { "kernel.time_slice=0ms", NULL };
  g_autofree char *msg = NULL, *with_set = NULL;
  g_auto (GStrv) lines = NULL, set_lines = NULL;

  for (int i = 0; i < 25; i++)
    g_string_append_printf (doc, "%s{\"name\": \"d%d\", \"pages\": 8, \"manager\": \"m\"}",
                            i > 0 ? ", " : "", i);
  g_string_append (doc, "],\n \"managrs\": [{\"name\": \"m\", \"service\": \"1us\"}]}");
  msg = load_bad (doc->str, NULL, SCENARIO_ERROR_INVALID);
  with_set = load_bad (doc->str, sets, SCENARIO_ERROR_INVALID);
  g_string_free (doc, TRUE);
  lines = g_strsplit (msg, "\n", -1);
  set_lines = g_strsplit (with_set, "\n", -1);
  ck_assert_uint_eq (g_strv_length (lines), 21);
  ck_assert_str_eq (lines[0], "t.json:2:2: managrs: unknown key \"managrs\" (did you mean "
                              "\"managers\"?)");
  assert_has (lines[1], "dataspaces[0].manager: no manager named \"m\"");
  ck_assert_str_eq (lines[20], "t.json: 6 more problems not shown");
  ck_assert_str_eq (set_lines[0], lines[0]);
  assert_has (set_lines[1], "--set kernel.time_slice=0ms: kernel.time_slice: must be > 0");
}
END_TEST

/* Text from the scenario is quoted in messages escaped as JSON, and cut
 * when long: one line, of a readable length, whatever the file holds. */
START_TEST (test_scenario_error_quotes_text_safely)
{
  g_autofree char *name = g_strnfill (100000, 'x');
  g_autofree char *d1 = g_strdup_printf ("{\"name\": \"t\", \"duration\": \"1s\", "
                                         "\"dataspaces\": [{\"name\": \"d\", \"pages\": 1, "
                                         "\"manager\": \"%s\"}], \"%s\": 1}", name, name);
  g_autofree char *d2 = doc_with ("strategy", "\"sync\\u001b[2J\\\"rpc\"");
  g_autofree char *d3 = doc_with ("warmup", "\"1\\nms\"");
  g_autofree char *m1 = load_bad (d1, NULL, SCENARIO_ERROR_INVALID);
  g_autofree char *m2 = load_bad (d2, NULL, SCENARIO_ERROR_INVALID);
  g_autofree char *m3 = load_bad (d3, NULL, SCENARIO_ERROR_INVALID);
  g_auto (GStrv) lines = g_strsplit (m1, "\n", -1);

  ck_assert_uint_eq (g_strv_length (lines), 2);
  ck_assert_str_eq (lines[0], "t.json:1:100091: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... "
                              "(100000 characters): unknown key \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                              "xxxxxxxxxxx... (100000 characters)\"");
  ck_assert_str_eq (lines[1], "t.json:1:85: dataspaces[0].manager: no manager named \"xxxxxxxx"
                              "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (100000 characters)\" (the "
                              "scenario has no managers)");
  assert_has (m2, "strategy: \"sync\\u001b[2J\\\"rpc\" is not one of");
  assert_has (m3, "warmup: \"1\\nms\" is not a duration");
  ck_assert_ptr_null (strchr (m3, '\033'));
}
END_TEST

START_TEST (test_scenario_error_did_you_mean)
{
  g_autofree char *d1 = doc_with ("duraton", "\"1s\"");
  g_autofree char *d2 = doc_with ("kernel", "{\"on_timeout\": \"dorp\"}");
  g_autofree char *d3 = doc_with ("zzz", "1");
  g_autofree char *m1 = load_bad (d1, NULL, SCENARIO_ERROR_INVALID);
  g_autofree char *m2 = load_bad (d2, NULL, SCENARIO_ERROR_INVALID);
  g_autofree char *m3 = load_bad (d3, NULL, SCENARIO_ERROR_INVALID);

  assert_has (m1, "duraton: unknown key \"duraton\" (did you mean \"duration\"?)");
  /* The missing "duration" is the misspelt one: said once, not twice. */
  ck_assert_msg (strstr (m1, "required key is missing") == NULL, "%s", m1);
  assert_has (m2, "kernel.on_timeout: \"dorp\" is not one of drop, retry (did you mean \"drop\"?)");
  ck_assert_str_eq (m3, "t.json:1:33: zzz: unknown key \"zzz\"");
}
END_TEST

START_TEST (test_scenario_error_duplicate_key)
{
  const char *doc = "{\"name\": \"t\",\n \"duration\": \"1s\",\n \"kernel\": {\"time_slice\": "
                    "\"1ms\",\n   \"time_slice\": \"2ms\"}}";
  g_autofree char *msg = load_bad (doc, NULL, SCENARIO_ERROR_INVALID);

  ck_assert_str_eq (msg, "t.json:4:4: kernel.time_slice: duplicate key \"time_slice\" "
                         "(first at line 3)");
}
END_TEST

START_TEST (test_scenario_error_missing_and_type)
{
  g_autofree char *m1 = load_bad ("{\"duration\": \"1s\"}", NULL, SCENARIO_ERROR_INVALID);
  g_autofree char *m2 = load_bad ("[1, 2]", NULL, SCENARIO_ERROR_INVALID);
  g_autofree char *d3 = doc_with ("managers", "{\"name\": \"m\"}");
  g_autofree char *m3 = load_bad (d3, NULL, SCENARIO_ERROR_INVALID);

  ck_assert_str_eq (m1, "t.json:1:1: name: required key is missing");
  ck_assert_str_eq (m2, "t.json:1:1: expected an object, got an array");
  assert_has (m3, "managers: expected an array, got an object");
}
END_TEST

START_TEST (test_scenario_error_parse)
{
  g_autofree char *m1 = load_bad ("{\"name\": \"t\",\n \"duration\": \"1s\",\n}", NULL,
                                  SCENARIO_ERROR_PARSE);
  g_autofree char *m2 = load_bad ("{\"name\": \"t\"} x", NULL, SCENARIO_ERROR_PARSE);
  g_autofree char *m3 = load_bad ("{\"name\": ", NULL, SCENARIO_ERROR_PARSE);
  g_autofree char *m4 = load_bad ("", NULL, SCENARIO_ERROR_PARSE);
  g_autofree char *m5 = load_bad ("{\"name\": 't'}", NULL, SCENARIO_ERROR_PARSE);
  g_autofree char *m6 = load_bad ("{name: 1}", NULL, SCENARIO_ERROR_PARSE);
  g_autoptr (GError) error = NULL;

  ck_assert_str_eq (m1, "t.json:3:1: invalid JSON: a trailing comma before '}'");
  ck_assert_str_eq (m2, "t.json:1:15: invalid JSON: unexpected 'x'");
  assert_has (m3, "t.json:1:10: invalid JSON: unexpected end of file");
  ck_assert_str_eq (m4, "t.json:1:1: the file is empty; a scenario is a JSON object such as "
                         "{\"name\": \"demo\", \"duration\": \"1s\"}");
  assert_has (m5, "t.json:1:10: invalid JSON: strings take double quotes");
  ck_assert_str_eq (m6, "t.json:1:2: invalid JSON: unexpected 'n' (keys and strings take double quotes)");
  {
    ScenarioConfig *c = scenario_load_data ("t.json", "{\"name\"\0: 1}", 12, NULL, &error);

    ck_assert (c == NULL);
    ck_assert_int_eq (error->code, SCENARIO_ERROR_PARSE);
    assert_has (error->message, "t.json:1:8: invalid JSON: a NUL byte");
  }
}
END_TEST

/* What cJSON lets through or misreports: said in words, at the string. */
START_TEST (test_scenario_error_lexical)
{
  static const struct { const char *text; const char *msg; } bad[] = {
    { "{\"name\": \"t\", \"duration\": \"1s\", \"lesson\": \"abc",
      "t.json:1:43: invalid JSON: unterminated string (no closing '\"' before the end of "
      "the file)" },
    { "{\"name\": \"t\", \"duration\": \"1s\", \"lesson\": \"abc\\",
      "t.json:1:43: invalid JSON: unterminated string (no closing '\"' before the end of "
      "the file)" },
    { "{\"name\": \"t\",\n \"lesson\": \"abc\n def\", \"duration\": \"1s\"}",
      "t.json:2:12: invalid JSON: unterminated string (no closing '\"' on its line; a line "
      "break in a string is written \\n)" },
    { "{\"name\": \"\\ud800\", \"duration\": \"1s\"}",
      "t.json:1:11: invalid \\u escape: lone surrogate \\ud800 (a high surrogate, \\uD800 "
      "to \\uDBFF, must be followed by a low one, \\uDC00 to \\uDFFF)" },
    { "{\"name\": \"\\ud800\\u0041\", \"duration\": \"1s\"}",
      "t.json:1:11: invalid \\u escape: lone surrogate \\ud800" },
    { "{\"name\": \"x\\uDC01\", \"duration\": \"1s\"}",
      "t.json:1:12: invalid \\u escape: lone surrogate \\uDC01 (a low surrogate" },
    { "{\"name\": \"\\u12g4\", \"duration\": \"1s\"}",
      "t.json:1:11: invalid \\u escape: \\u takes four hex digits" },
    { "{\"name\": \"C:\\mksim\", \"duration\": \"1s\"}",
      "t.json:1:13: invalid JSON: unknown escape \\m in a string" },
    { "{\"name\": \"a\tb\", \"duration\": \"1s\"}",
      "t.json:1:12: invalid JSON: a tab in a string (write it as \\t)" },
    { "{\"name\": \"a\033[2Jb\", \"duration\": \"1s\"}",
      "t.json:1:12: invalid JSON: control character 0x1b in a string (write it as \\u001b)" },
    { "{\"name\": \"t\",\f\"duration\": \"1s\"}",
      "t.json:1:14: invalid JSON: control character 0x0c (only spaces, tabs and line breaks "
      "go between values)" },
    { "{\xe2\x80\x9cname\xe2\x80\x9d: \"t\"}",
      "t.json:1:2: invalid JSON: unexpected character U+201C (a typographic quote; JSON takes "
      "straight double quotes)" },
    { "\xEF\xBB\xBF\xEF\xBB\xBF{}",
      "t.json:1:1: invalid JSON: unexpected character U+FEFF (a byte-order mark, allowed only "
      "at the start)" },
    { "\xFF\xFE{\0",
      "t.json:1:1: not UTF-8 text: the file begins with a UTF-16 byte-order mark" },
    /* A structural mistake before the string is reported first, as before. */
    { "{\"name\": \"t\" \"lesson\": \"abc",
      "t.json:1:14: invalid JSON: unexpected '\"' (a comma missing before it?)" },
  };
  static const char *const good[] = {
    /* A surrogate pair, escaped quotes and backslashes, CRLF line ends. */
    "{\"name\": \"\\ud83d\\ude00 \\\"q\\\" \\\\\",\r\n\"duration\": \"1s\"}\r\n",
    "{\"name\": \"t\",\t\"duration\": \"1s\", \"lesson\": \"a\\tb\\nc\\u001b\"}",
  };

  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      size_t len = i == 13 ? 4 : strlen (bad[i].text);
      ScenarioConfig *c = scenario_load_data ("t.json", bad[i].text, len, NULL, &error);

      ck_assert_msg (c == NULL, "loaded: %s", bad[i].text);
      ck_assert_int_eq (error->code, SCENARIO_ERROR_PARSE);
      assert_has (error->message, bad[i].msg);
    }
  for (size_t i = 0; i < G_N_ELEMENTS (good); i++)
    scenario_free (load_ok (good[i], NULL));
}
END_TEST

/* cJSON's strings end at an escaped NUL: "m\u0000a" would be read as "m".
 * Every string and key with one is refused, wherever it is. */
START_TEST (test_scenario_error_nul_in_strings)
{
  const char *clash = "{\"name\": \"t\", \"duration\": \"1s\", \"managers\": ["
                      "{\"name\": \"m\\u0000a\", \"service\": \"1us\"},"
                      " {\"name\": \"m\\u0000b\", \"service\": \"1us\"}]}";
  const char *ref = "{\"name\": \"t\", \"duration\": \"1s\", \"managers\": ["
                    "{\"name\": \"m\", \"service\": \"1us\"}], \"dataspaces\": ["
                    "{\"name\": \"d\", \"pages\": 1, \"manager\": \"m\\u0000zzz\"}]}";
  const char *key = "{\"name\": \"t\", \"duration\": \"1s\", \"kernel\": "
                    "{\"time_slice\\u0000x\": \"1ms\"}}";
  const char *sets[] = { "lesson=\"a\\u0000b\"", NULL };
  g_autofree char *m1 = load_bad (clash, NULL, SCENARIO_ERROR_INVALID);
  g_autofree char *m2 = load_bad (ref, NULL, SCENARIO_ERROR_INVALID);
  g_autofree char *m3 = load_bad (key, NULL, SCENARIO_ERROR_INVALID);
  g_autofree char *m4 = load_bad (MIN_DOC, sets, SCENARIO_ERROR_INVALID);
  ScenarioConfig *c;

  ck_assert_str_eq (m1, "t.json:1:55: managers[0].name: a string may not contain NUL (\\u0000)\n"
                        "t.json:1:95: managers[1].name: a string may not contain NUL (\\u0000)");
  ck_assert_str_eq (m2, "t.json:1:132: dataspaces[0].manager: a string may not contain NUL "
                        "(\\u0000)");
  ck_assert_str_eq (m3, "t.json:1:44: kernel.time_slice\\u0000x: a key may not contain NUL "
                        "(\\u0000)");
  ck_assert_str_eq (m4, "--set lesson=\"a\\u0000b\": lesson: a string may not contain NUL "
                        "(\\u0000)");
  /* An escaped backslash before "u0000" is no NUL. */
  c = load_ok ("{\"name\": \"t\", \"duration\": \"1s\", \"lesson\": \"\\\\u0000\"}", NULL);
  ck_assert_str_eq (c->lesson, "\\u0000");
  scenario_free (c);
}
END_TEST

/* Files that are not JSON text at all, and JSON that cJSON will not nest. */
START_TEST (test_scenario_error_not_text)
{
  g_autofree char *blank = load_bad (" \n\t\n", NULL, SCENARIO_ERROR_PARSE);
  g_autofree char *latin1 = load_bad ("{\"name\": \"caf\xe9\", \"duration\": \"1s\"}", NULL,
                                      SCENARIO_ERROR_PARSE);
  g_autofree char *bom_bad = load_bad ("\xEF\xBB\xBF{\"name\": 1, \"duration\": \"1s\"}", NULL,
                                       SCENARIO_ERROR_INVALID);
  g_autoptr (GString) deep = g_string_new ("{\"name\": \"t\", \"duration\": \"1s\", \"x\": ");
  g_autofree char *m_deep = NULL;
  ScenarioConfig *c;

  assert_has (blank, "t.json:3:1: the file holds only white space");
  ck_assert_str_eq (latin1, "t.json:1:14: not UTF-8 text: byte 0xe9 here is not part of a "
                            "UTF-8 character (a binary file, or text in another encoding? save "
                            "it as UTF-8)");
  /* A byte-order mark is allowed, and not counted as a column. */
  c = load_ok ("\xEF\xBB\xBF" MIN_DOC, NULL);
  scenario_free (c);
  ck_assert_str_eq (bom_bad, "t.json:1:10: name: expected a string, got a number");
  for (int i = 0; i < 1200; i++)
    g_string_append_c (deep, '[');
  for (int i = 0; i < 1200; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  m_deep = load_bad (deep->str, NULL, SCENARIO_ERROR_PARSE);
  assert_has (m_deep, "invalid JSON: nested more than 1000 objects and arrays deep");
}
END_TEST

/* Nesting far past cJSON's limit, in a file or by a --set: one message,
 * no stack overflow (ASan watches, SAN=1). */
START_TEST (test_scenario_error_deep_nesting)
{
  g_autofree char *repeats = doc_with_repeats (10000, "2");
  g_autoptr (GString) arrays = g_string_new ("{\"name\": \"t\", \"duration\": \"1s\", \"x\": ");
  g_autoptr (GString) objects = g_string_new ("{\"name\": \"t\", \"duration\": \"1s\", \"x\": ");
  g_autoptr (GString) path = g_string_new ("kernel");
  g_autoptr (GString) ok_path = g_string_new ("kernel");
  g_autofree char *m1 = NULL, *m2 = NULL, *m3 = NULL, *m4 = NULL, *m5 = NULL;
  g_autofree char *set = NULL, *ok_set = NULL;

  for (int i = 0; i < 100000; i++)
    {
      g_string_append_c (arrays, '[');
      g_string_append (objects, "{\"a\": ");
    }
  g_string_append (objects, "1");
  for (int i = 0; i < 100000; i++)
    {
      g_string_append_c (arrays, ']');
      g_string_append_c (objects, '}');
    }
  g_string_append_c (arrays, '}');
  g_string_append_c (objects, '}');
  m1 = load_bad (repeats, NULL, SCENARIO_ERROR_PARSE);
  m2 = load_bad (arrays->str, NULL, SCENARIO_ERROR_PARSE);
  m3 = load_bad (objects->str, NULL, SCENARIO_ERROR_PARSE);
  assert_has (m1, "invalid JSON: nested more than 1000 objects and arrays deep");
  assert_has (m2, "t.json:1:1037: invalid JSON: nested more than 1000 objects and arrays deep");
  assert_has (m3, "invalid JSON: nested more than 1000 objects and arrays deep");
  /* A --set path creates an object a step: at most 100 steps. */
  for (int i = 0; i < 50000; i++)
    g_string_append (path, ".a");
  for (int i = 1; i < 100; i++)
    g_string_append (ok_path, ".a");
  set = g_strdup_printf ("%s=1", path->str);
  ok_set = g_strdup_printf ("%s=1", ok_path->str);
  {
    const char *sets[] = { set, NULL };
    const char *ok_sets[] = { ok_set, NULL };

    m4 = load_bad (MIN_DOC, sets, SCENARIO_ERROR_SET);
    m5 = load_bad (MIN_DOC, ok_sets, SCENARIO_ERROR_INVALID);
  }
  ck_assert_str_eq (m4, "--set kernel.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a...: a path of more "
                        "than 100 keys and indices");
  assert_has (m5, ": kernel.a: unknown key \"a\"");
}
END_TEST

START_TEST (test_scenario_error_numbers_too_large)
{
  g_autofree char *d1 = doc_with ("seed", "1e400");
  g_autofree char *d2 = doc_with ("core", "{\"priority\": -1e999}");
  g_autoptr (GString) d3 = g_string_new ("{\"name\": \"t\", \"duration\": \"1s\", \"seed\": ");
  g_autofree char *m1 = NULL, *m2 = NULL, *m3 = NULL;

  for (int i = 0; i < 400; i++)
    g_string_append_c (d3, '9');
  g_string_append_c (d3, '}');
  m1 = load_bad (d1, NULL, SCENARIO_ERROR_INVALID);
  m2 = load_bad (d2, NULL, SCENARIO_ERROR_INVALID);
  m3 = load_bad (d3->str, NULL, SCENARIO_ERROR_INVALID);
  ck_assert_str_eq (m1, "t.json:1:41: seed: 1e400 is too large; must be an integer between 0 "
                        "and 9223372036854775807");
  assert_has (m2, "core.priority: -1e999 is too large; must be between 0 and 255");
  assert_has (m3, "seed: 999999999999... (400 characters) is too large");
}
END_TEST

START_TEST (test_scenario_error_io)
{
  g_autoptr (GError) error = NULL;
  ScenarioConfig *c = scenario_load_file ("tests/data/no-such-file.json", NULL, &error);

  ck_assert (c == NULL);
  ck_assert_int_eq (error->code, SCENARIO_ERROR_IO);
  ck_assert_str_eq (error->message, "tests/data/no-such-file.json: no such file");
  g_clear_error (&error);
  c = scenario_load_file ("tests/data", NULL, &error);
  ck_assert (c == NULL);
  ck_assert_int_eq (error->code, SCENARIO_ERROR_IO);
  ck_assert_str_eq (error->message, "tests/data: is a directory, not a scenario file");
}
END_TEST

/* ---- input ---------------------------------------------------------------- */

/* Loads "-" with standard input read from `file`; the error, or NULL. */
static GError *
load_stdin_from (const char *file)
{
  GError *error = NULL;
  int saved = dup (STDIN_FILENO);
  int fd = open (file, O_RDONLY);
  ScenarioConfig *c;

  ck_assert (saved >= 0 && fd >= 0);
  ck_assert (dup2 (fd, STDIN_FILENO) == STDIN_FILENO);
  close (fd);
  c = scenario_load_file ("-", NULL, &error);
  ck_assert (dup2 (saved, STDIN_FILENO) == STDIN_FILENO);
  close (saved);
  ck_assert ((c == NULL) == (error != NULL));
  scenario_free (c);
  return error;
}

/* Empty standard input is an error with a message, as an empty file is
 * (it used to come back as NULL without one). */
START_TEST (test_scenario_input_empty_stdin)
{
  g_autoptr (GError) error = load_stdin_from ("/dev/null");
  g_autoptr (GError) ok = load_stdin_from ("scenarios/hello.json");

  ck_assert_ptr_nonnull (error);
  ck_assert_int_eq (error->code, SCENARIO_ERROR_PARSE);
  ck_assert_str_eq (error->message, "<stdin>:1:1: the input is empty; a scenario is a JSON "
                                    "object such as {\"name\": \"demo\", \"duration\": \"1s\"}");
  ck_assert_ptr_null (ok);
}
END_TEST

/* `mksim check -` and `mksim run -` with nothing on standard input: exit 2
 * and the message, not a crash. */
START_TEST (test_scenario_input_empty_stdin_cli)
{
  const char *check[] = { "check", "-", NULL };
  const char *run[] = { "run", "-", NULL };
  g_autofree char *e1 = NULL, *e2 = NULL;

  ck_assert_int_eq (run_mksim (check, &e1), 2);
  assert_has (e1, "<stdin>:1:1: the input is empty");
  ck_assert_int_eq (run_mksim (run, &e2), 2);
  assert_has (e2, "<stdin>:1:1: the input is empty");
}
END_TEST

static gpointer
write_fifo (gpointer path)
{
  int fd = open (path, O_WRONLY);   /* waits for the reader */

  if (fd >= 0)
    {
      ssize_t n G_GNUC_UNUSED = write (fd, MIN_DOC, strlen (MIN_DOC));
      close (fd);
    }
  return NULL;
}

/* A FIFO is read like a pipe, until its writer closes it; a device that
 * never ends is refused at SCENARIO_MAX_INPUT, without reading it all. */
START_TEST (test_scenario_input_special_files)
{
  g_autofree char *dir = g_dir_make_tmp ("mksim-fifo.XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "scenario.json", NULL);
  g_autoptr (GError) error = NULL;
  ScenarioConfig *c;
  GThread *writer;

  ck_assert (mkfifo (fifo, 0600) == 0);
  writer = g_thread_new ("writer", write_fifo, fifo);
  c = scenario_load_file (fifo, NULL, &error);
  g_thread_join (writer);
  ck_assert_msg (c != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_str_eq (c->name, "t");
  scenario_free (c);
  g_unlink (fifo);
  g_rmdir (dir);
  c = scenario_load_file ("/dev/zero", NULL, &error);
  ck_assert (c == NULL);
  ck_assert_int_eq (error->code, SCENARIO_ERROR_IO);
  ck_assert_str_eq (error->message, "/dev/zero: more than 256 MiB; too large for a scenario "
                                    "(not a scenario file?)");
}
END_TEST

/* ---- behaviors ---------------------------------------------------------------- */

#define HANG_DOC                                                                  \
  "{\"name\": \"t\", \"duration\": \"1s\",\n"                                   \
  " \"managers\": [{\"name\": \"m\", \"service\": \"1us\",\n"                    \
  "   \"behavior\": {\"kind\": \"hang\", \"after\": \"200ms\"}}]}"
#define OK_DOC                                                                    \
  "{\"name\": \"t\", \"duration\": \"1s\",\n"                                   \
  " \"managers\": [{\"name\": \"m\", \"service\": \"1us\",\n"                    \
  "   \"behavior\": {\"kind\": \"ok\"}}]}"

/* In a file, a key the behavior's kind does not take is an error: it would
 * silently do nothing. */
START_TEST (test_behavior_other_kind_key_in_file)
{
  const char *mgr = "{\"name\": \"t\", \"duration\": \"1s\",\n"
                    " \"managers\": [{\"name\": \"m\", \"service\": \"1us\",\n"
                    "   \"behavior\": {\"kind\": \"ok\", \"after\": \"200ms\"}}]}";
  const char *client = "{\"name\": \"t\", \"duration\": \"1s\", \"gui\": {\"events\": "
                       "\"1ms\", \"clients\": [{\"name\": \"c\", \"handle\": \"1us\", "
                       "\"behavior\": {\"kind\": \"busy\", \"compute\": \"1ms\", "
                       "\"service\": \"1ms\", \"faults\": 3}}]}}";
  g_autofree char *m1 = load_bad (mgr, NULL, SCENARIO_ERROR_INVALID);
  g_autofree char *m2 = load_bad (client, NULL, SCENARIO_ERROR_INVALID);

  ck_assert_str_eq (m1, "t.json:3:31: managers[0].behavior.after: kind \"ok\" takes no "
                        "\"after\" (that is for hang and crash); remove it, or change the kind");
  assert_has (m2, "gui.clients[0].behavior.service: kind \"busy\" takes no \"service\" "
                  "(that is for slow)");
  assert_has (m2, "gui.clients[0].behavior.faults: kind \"busy\" takes no \"faults\" "
                  "(that is for hang)");
}
END_TEST

/* A --set of kind alone switches the behavior: the old kind's keys are
 * ignored, with a note; nothing is noted without a --set. */
START_TEST (test_behavior_set_kind_ignores_old_keys)
{
  const char *sets[] = { "managers[0].behavior.kind=ok", NULL };
  ScenarioConfig *c = load_ok (HANG_DOC, sets);
  ScenarioConfig *plain = load_ok (HANG_DOC, NULL);

  ck_assert_int_eq (c->managers[0].behavior.kind, BEHAVIOR_OK);
  ck_assert_ptr_nonnull (c->notes);
  ck_assert_uint_eq (g_strv_length (c->notes), 1);
  ck_assert_str_eq (c->notes[0], "--set managers[0].behavior.kind=ok: managers[0].behavior: "
                                 "kind \"ok\" takes no \"after\" (that is for hang and crash); "
                                 "the \"after\" given is ignored");
  ck_assert_ptr_null (plain->notes);
  scenario_free (c);
  scenario_free (plain);
}
END_TEST

/* Switching to a kind that needs a key: the --set is named when it is
 * missing; given by a second --set, it loads; crash -> hang keeps "after". */
START_TEST (test_behavior_set_kind_needs_keys)
{
  const char *alone[] = { "managers[0].behavior.kind=hang", NULL };
  const char *both[] = { "managers[0].behavior.kind=hang", "managers[0].behavior.faults=3",
                         NULL };
  const char *slow[] = { "managers[0].behavior.kind=slow", NULL };
  g_autofree char *m1 = load_bad (OK_DOC, alone, SCENARIO_ERROR_INVALID);
  g_autofree char *m2 = load_bad (HANG_DOC, slow, SCENARIO_ERROR_INVALID);
  ScenarioConfig *c = load_ok (OK_DOC, both);

  ck_assert_str_eq (m1, "--set managers[0].behavior.kind=hang: managers[0].behavior: kind "
                        "\"hang\" needs \"after\" (a time) or \"faults\" (a count)");
  assert_has (m2, "--set managers[0].behavior.kind=slow: managers[0].behavior: kind \"slow\" "
                  "needs \"service\"");
  ck_assert_int_eq (c->managers[0].behavior.kind, BEHAVIOR_HANG);
  ck_assert_int_eq (c->managers[0].behavior.faults, 3);
  ck_assert (!c->managers[0].behavior.has_after);
  ck_assert_ptr_null (c->notes);
  scenario_free (c);
}
END_TEST

/* A --set of another kind's key, with the kind from the file, is the same
 * mistake as writing it in the file, and the message names the --set. */
START_TEST (test_behavior_set_key_of_other_kind)
{
  const char *sets[] = { "managers[0].behavior.after=1s", NULL };
  g_autofree char *msg = load_bad (OK_DOC, sets, SCENARIO_ERROR_INVALID);

  ck_assert_str_eq (msg, "--set managers[0].behavior.after=1s: managers[0].behavior.after: "
                         "kind \"ok\" takes no \"after\" (that is for hang and crash); remove "
                         "it, or change the kind");
}
END_TEST

/* ---- sha256 ----------------------------------------------------------------- */

START_TEST (test_scenario_sha256)
{
  const char *seed3[] = { "seed=3", NULL };
  const char *seed1[] = { "seed=1", NULL };
  const char *doc = "{\"name\": \"t\", \"duration\": \"1s\", \"seed\": 1}";
  const char *spaced = "{ \"name\" : \"t\" ,\n\n  \"duration\": \"1s\",  \"seed\":1 }";
  ScenarioConfig *a = load_ok (doc, NULL);
  ScenarioConfig *b = load_ok (doc, NULL);
  ScenarioConfig *c = load_ok (doc, seed3);
  ScenarioConfig *d = load_ok (spaced, NULL);
  ScenarioConfig *e = load_ok (doc, seed1);

  ck_assert_uint_eq (strlen (a->sha256), 64);
  ck_assert_uint_eq (strspn (a->sha256, "0123456789abcdef"), 64);
  ck_assert_str_eq (a->sha256, b->sha256);
  ck_assert_str_ne (a->sha256, c->sha256);
  /* Of the document, not of its layout; a --set to the same value changes nothing. */
  ck_assert_str_eq (a->sha256, d->sha256);
  ck_assert_str_eq (a->sha256, e->sha256);
  /* sha256 of {"name":"t","duration":"1s","seed":1} */
  ck_assert_str_eq (a->sha256, "2e59f7dadfd8f7442a8b7b2676f47fbec16353fc24217deedcabf241dd29045f");
  scenario_free (a);
  scenario_free (b);
  scenario_free (c);
  scenario_free (d);
  scenario_free (e);
}
END_TEST

/* ---- schema ------------------------------------------------------------------ */

START_TEST (test_scenario_schema_file_matches)
{
  g_autofree char *generated = scenario_schema_json ();
  g_autofree char *want = g_strdup_printf ("%s\n", generated);
  g_autofree char *file = NULL;
  g_autoptr (GError) error = NULL;
  gsize len;

  ck_assert_msg (g_file_get_contents ("scenarios/schema.json", &file, &len, &error),
                 "%s", error != NULL ? error->message : "");
  /* 'mksim schema > scenarios/schema.json' regenerates it. */
  ck_assert_msg (len == strlen (want) && memcmp (file, want, len) == 0,
                 "scenarios/schema.json differs from scenario_schema_json (); "
                 "run ./mksim schema > scenarios/schema.json");
}
END_TEST

START_TEST (test_scenario_schema_describes_the_format)
{
  static const char *const top[] = {
    "name", "lesson", "question", "answer", "seed", "duration", "warmup", "strategy",
    "stall_threshold",
    "max_events", "max_wall", "kernel", "core", "managers", "dataspaces", "servers",
    "processes", "gui",
  };
  static const char *const defs[] = {
    "duration", "positive_duration", "size", "distribution", "compute", "repeat_count",
    "events", "normal", "lognormal", "pareto", "burst", "kernel", "costs", "core", "manager",
    "manager_behavior", "dataspace", "server", "process", "thread", "op", "touch", "call",
    "gui", "gui_client", "client_behavior", "cpu", "cpu_placement", "replay", "trace_file",
  };
  g_autofree char *text = scenario_schema_json ();
  cJSON *root = cJSON_Parse (text);
  cJSON *props, *d, *req;

  ck_assert_ptr_nonnull (root);
  ck_assert_str_eq (cJSON_GetObjectItem (root, "$schema")->valuestring,
                    "https://json-schema.org/draft/2020-12/schema");
  ck_assert (cJSON_IsFalse (cJSON_GetObjectItem (root, "additionalProperties")));
  props = cJSON_GetObjectItem (root, "properties");
  ck_assert_int_eq (cJSON_GetArraySize (props), G_N_ELEMENTS (top));
  for (size_t i = 0; i < G_N_ELEMENTS (top); i++)
    ck_assert_msg (cJSON_GetObjectItem (props, top[i]) != NULL, "no property %s", top[i]);
  req = cJSON_GetObjectItem (root, "required");
  ck_assert_int_eq (cJSON_GetArraySize (req), 2);
  ck_assert_str_eq (cJSON_GetArrayItem (req, 0)->valuestring, "name");
  ck_assert_str_eq (cJSON_GetArrayItem (req, 1)->valuestring, "duration");
  d = cJSON_GetObjectItem (root, "$defs");
  ck_assert_int_eq (cJSON_GetArraySize (d), G_N_ELEMENTS (defs));
  for (size_t i = 0; i < G_N_ELEMENTS (defs); i++)
    ck_assert_msg (cJSON_GetObjectItem (d, defs[i]) != NULL, "no $defs/%s", defs[i]);
  /* A default and an enum, from the tables. */
  ck_assert_str_eq (cJSON_GetObjectItem (cJSON_GetObjectItem (props, "strategy"),
                                         "default")->valuestring, "async-signal");
  ck_assert_int_eq (cJSON_GetArraySize (cJSON_GetObjectItem (cJSON_GetObjectItem (props,
                    "strategy"), "enum")), STRATEGY_COUNT);
  ck_assert (cJSON_IsFalse (cJSON_GetObjectItem (cJSON_GetObjectItem (d, "manager"),
                                                 "additionalProperties")));
  cJSON_Delete (root);
}
END_TEST

/* The schema says per kind which keys a behavior takes. */
START_TEST (test_scenario_schema_behavior_kinds)
{
  g_autofree char *text = scenario_schema_json ();
  cJSON *root = cJSON_Parse (text);
  const cJSON *defs = cJSON_GetObjectItem (root, "$defs");
  const cJSON *all = cJSON_GetObjectItem (cJSON_GetObjectItem (defs, "manager_behavior"),
                                          "allOf");
  const cJSON *ok = cJSON_GetArrayItem (all, BEHAVIOR_OK);
  const cJSON *crash = cJSON_GetArrayItem (all, BEHAVIOR_CRASH);
  const cJSON *props;

  ck_assert_int_eq (cJSON_GetArraySize (all), BEHAVIOR_CRASH + 1);
  ck_assert_str_eq (cJSON_GetObjectItem (cJSON_GetObjectItem (cJSON_GetObjectItem (
                      cJSON_GetObjectItem (ok, "if"), "properties"), "kind"), "const")
                      ->valuestring, "ok");
  props = cJSON_GetObjectItem (cJSON_GetObjectItem (ok, "then"), "properties");
  ck_assert (cJSON_IsFalse (cJSON_GetObjectItem (props, "after")));
  ck_assert (cJSON_IsFalse (cJSON_GetObjectItem (props, "service")));
  ck_assert (cJSON_IsFalse (cJSON_GetObjectItem (props, "faults")));
  ck_assert_ptr_null (cJSON_GetObjectItem (props, "compute"));   /* not a manager key */
  props = cJSON_GetObjectItem (cJSON_GetObjectItem (crash, "then"), "properties");
  ck_assert_ptr_null (cJSON_GetObjectItem (props, "after"));
  ck_assert (cJSON_IsFalse (cJSON_GetObjectItem (props, "faults")));
  all = cJSON_GetObjectItem (cJSON_GetObjectItem (defs, "client_behavior"), "allOf");
  ck_assert_int_eq (cJSON_GetArraySize (all), BEHAVIOR_BUSY + 1);
  cJSON_Delete (root);
}
END_TEST

/* The "## Every key" section of scenarios/SCHEMA.md is what the key tables
 * say, so the documentation cannot drift from the loader. */
START_TEST (test_scenario_schema_md_matches)
{
  g_autofree char *generated = scenario_schema_markdown ();
  g_autofree char *file = NULL;
  g_autoptr (GError) error = NULL;
  const char *section;

  ck_assert_msg (g_file_get_contents ("scenarios/SCHEMA.md", &file, NULL, &error), "%s",
                 error != NULL ? error->message : "");
  section = strstr (file, "\n## Every key\n");
  ck_assert_msg (section != NULL, "scenarios/SCHEMA.md has no \"## Every key\" section");
  if (strcmp (section + 1, generated) != 0)
    {
      g_autofree char *want = g_build_filename (g_get_tmp_dir (), "mksim-every-key.md", NULL);

      g_file_set_contents (want, generated, -1, NULL);
      ck_abort_msg ("scenarios/SCHEMA.md's \"## Every key\" section differs from the key "
                    "tables; replace it with %s", want);
    }
}
END_TEST

/* ---- bad scenarios -------------------------------------------------------------- */

/* Every tests/bad/NAME.json fails to load with a message holding the text of
 * tests/bad/NAME.expect (file:line:col, JSON path and words). */
START_TEST (test_scenario_bad_files)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open ("tests/bad", 0, &error);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  ck_assert_msg (dir != NULL, "%s", error != NULL ? error->message : "");
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strndup (name, strlen (name) - 5));
  ck_assert_uint_ge (names->len, 30);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *json = g_strdup_printf ("tests/bad/%s.json", (char *) names->pdata[i]);
      g_autofree char *expect_file = g_strdup_printf ("tests/bad/%s.expect",
                                                      (char *) names->pdata[i]);
      g_autofree char *expect = NULL;
      g_autoptr (GError) e = NULL;
      ScenarioConfig *c;

      ck_assert_msg (g_file_get_contents (expect_file, &expect, NULL, NULL), "no %s",
                     expect_file);
      g_strchomp (expect);
      ck_assert_msg (expect[0] != '\0', "%s is empty", expect_file);
      c = scenario_load_file (json, NULL, &e);
      ck_assert_msg (c == NULL, "%s loaded", json);
      ck_assert_msg (e != NULL && strstr (e->message, expect) != NULL,
                     "%s: no \"%s\" in:\n%s", json, expect, e != NULL ? e->message : "");
    }
}
END_TEST

/* ---- mutated input ---------------------------------------------------------------- */

static uint64_t
fuzz_next (uint64_t *s)
{
  /* xorshift64*: deterministic, so a failure reproduces. */
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 0x2545F4914F6CDD1DULL;
}

/* Mutates bytes of a valid scenario a few thousand times: each load gives a
 * config or an error with a message, never a crash (ASan watches, SAN=1). */
START_TEST (test_scenario_fuzz_mutations)
{
  static const char specials[] = "{}[]\":,0123456789-.eE tfn\\ \n\"KiBusms";
  g_autofree char *base = NULL;
  gsize base_len;
  uint64_t seed = 0x9E3779B97F4A7C15ULL;
  int loaded = 0, rejected = 0;

  ck_assert (g_file_get_contents ("tests/data/full.json", &base, &base_len, NULL));
  for (int iter = 0; iter < 3000; iter++)
    {
      GString *b = g_string_new_len (base, (gssize) base_len);
      int n_mut = 1 + (int) (fuzz_next (&seed) % 4);
      const char *sets[] = { "managers[1].behavior.kind=hang", NULL };
      g_autoptr (GError) error = NULL;
      ScenarioConfig *c;

      for (int m = 0; m < n_mut && b->len > 1; m++)
        {
          gsize at = fuzz_next (&seed) % b->len;
          gsize span = 1 + fuzz_next (&seed) % 16;
          gsize from;

          switch (fuzz_next (&seed) % 5)
            {
            case 0:
              b->str[at] = specials[fuzz_next (&seed) % (sizeof specials - 1)];
              break;
            case 1:
              b->str[at] = (char) fuzz_next (&seed);
              break;
            case 2:
              g_string_erase (b, (gssize) at, (gssize) MIN (span, b->len - at));
              break;
            case 3:
              {
                from = fuzz_next (&seed) % b->len;
                g_autofree char *copy = g_memdup2 (b->str + from, MIN (span, b->len - from));

                g_string_insert_len (b, (gssize) at, copy, (gssize) MIN (span, b->len - from));
              }
              break;
            default:
              g_string_truncate (b, at);
              break;
            }
        }
      c = scenario_load_data ("fuzz.json", b->str, b->len,
                              iter % 10 == 0 ? sets : NULL, &error);
      ck_assert ((c == NULL) == (error != NULL));
      if (c == NULL)
        {
          ck_assert (error->message[0] != '\0');
          rejected++;
        }
      else
        loaded++;
      scenario_free (c);
      g_string_free (b, TRUE);
    }
  /* Both outcomes happen, or the mutations test nothing. */
  ck_assert_int_gt (loaded, 10);
  ck_assert_int_gt (rejected, 1000);
}
END_TEST

/* ---- the suite ------------------------------------------------------------ */

Suite *scenario_suite (void)
{
  Suite *s = suite_create ("scenario");
  TCase *tc;

  tc = tcase_create ("defaults");
  tcase_add_test (tc, test_scenario_defaults_match_config_defaults);
  tcase_add_test (tc, test_scenario_defaults_of_elements);
  tcase_add_test (tc, test_scenario_full_every_key);
  suite_add_tcase (s, tc);

  tc = tcase_create ("values");
  tcase_add_test (tc, test_scenario_duration_units);
  tcase_add_test (tc, test_scenario_size_units);
  tcase_add_test (tc, test_scenario_distribution_kinds);
  tcase_add_test (tc, test_scenario_distribution_errors);
  tcase_add_test (tc, test_scenario_events_forms);
  tcase_add_test (tc, test_scenario_integers_exact);
  tcase_add_test (tc, test_scenario_integers_as_written);
  tcase_add_test (tc, test_scenario_repeat_limits);
  tcase_add_test (tc, test_scenario_page_limits);
  tcase_add_test (tc, test_scenario_gui_buffer_limit);
  tcase_add_test (tc, test_scenario_largest_dataspace_runs);
  suite_add_tcase (s, tc);

  tc = tcase_create ("set");
  tcase_add_test (tc, test_scenario_set_creates_missing_objects);
  tcase_add_test (tc, test_scenario_set_array_index);
  tcase_add_test (tc, test_scenario_set_json_or_string);
  tcase_add_test (tc, test_scenario_set_bad_paths);
  tcase_add_test (tc, test_scenario_set_errors_name_the_set);
  tcase_add_test (tc, test_scenario_set_later_wins);
  tcase_add_test (tc, test_scenario_set_text_value);
  suite_add_tcase (s, tc);

  tc = tcase_create ("errors");
  tcase_add_test (tc, test_scenario_error_position);
  tcase_add_test (tc, test_scenario_error_columns_count_characters);
  tcase_add_test (tc, test_scenario_error_many_reported);
  tcase_add_test (tc, test_scenario_error_at_most_20);
  tcase_add_test (tc, test_scenario_error_did_you_mean);
  tcase_add_test (tc, test_scenario_error_unknown_key_first);
  tcase_add_test (tc, test_scenario_error_quotes_text_safely);
  tcase_add_test (tc, test_scenario_error_duplicate_key);
  tcase_add_test (tc, test_scenario_error_missing_and_type);
  tcase_add_test (tc, test_scenario_error_parse);
  tcase_add_test (tc, test_scenario_error_not_text);
  tcase_add_test (tc, test_scenario_error_lexical);
  tcase_add_test (tc, test_scenario_error_nul_in_strings);
  tcase_add_test (tc, test_scenario_error_deep_nesting);
  tcase_add_test (tc, test_scenario_error_numbers_too_large);
  tcase_add_test (tc, test_scenario_error_io);
  tcase_add_test (tc, test_scenario_sha256);
  suite_add_tcase (s, tc);

  tc = tcase_create ("input");
  tcase_add_test (tc, test_scenario_input_empty_stdin);
  tcase_add_test (tc, test_scenario_input_empty_stdin_cli);
  tcase_add_test (tc, test_scenario_input_special_files);
  suite_add_tcase (s, tc);

  tc = tcase_create ("behaviors");
  tcase_add_test (tc, test_behavior_other_kind_key_in_file);
  tcase_add_test (tc, test_behavior_set_kind_ignores_old_keys);
  tcase_add_test (tc, test_behavior_set_kind_needs_keys);
  tcase_add_test (tc, test_behavior_set_key_of_other_kind);
  suite_add_tcase (s, tc);

  tc = tcase_create ("schema");
  tcase_add_test (tc, test_scenario_schema_file_matches);
  tcase_add_test (tc, test_scenario_schema_describes_the_format);
  tcase_add_test (tc, test_scenario_schema_behavior_kinds);
  tcase_add_test (tc, test_scenario_schema_md_matches);
  suite_add_tcase (s, tc);

  tc = tcase_create ("bad");
  tcase_add_test (tc, test_scenario_bad_files);
  tcase_add_test (tc, test_scenario_fuzz_mutations);
  suite_add_tcase (s, tc);

  return s;
}
