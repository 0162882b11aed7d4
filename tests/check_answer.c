/* Tests of the answers of lessons (sim/answer.c): placeholders parsed into
 * figures, strategies and variants; every error a placeholder can have;
 * the loader refusing a scenario whose answer names no figure; every
 * bundled scenario's answer parsing; rendering with the figures of a
 * summarised batch. */
#include <check.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "models/config.h"
#include "sim/answer.h"
#include "sim/scenario.h"

/* ---- parsing ---------------------------------------------------------- */

START_TEST (test_answer_parse_placeholders)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Answer) a = answer_parse ("Core {sync-rpc:core.blocked_ns}, {faults.resolved} "
                                       "and {sync-rpc core.pager_threads=2:core.blocked_ns}; "
                                       "{core.pager_threads=2 async-signal:faults.total}.",
                                       &error);
  const AnswerRef *r;
  int k[STRATEGY_COUNT];

  ck_assert_msg (a != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_uint_eq (answer_n_refs (a), 4);
  r = answer_ref (a, 0);
  ck_assert_int_eq (r->strategy, STRATEGY_SYNC_RPC);
  ck_assert_uint_eq (r->variant, 0);
  ck_assert_int_eq (r->figure, FIG_CORE_BLOCKED);
  ck_assert_str_eq (r->text, "{sync-rpc:core.blocked_ns}");
  r = answer_ref (a, 1);
  ck_assert_int_eq (r->strategy, ANSWER_OWN_STRATEGY);
  ck_assert_int_eq (r->figure, FIG_FAULTS_RESOLVED);
  /* The same change, in either order of the items, is one variant. */
  ck_assert_uint_eq (answer_ref (a, 2)->variant, 1);
  ck_assert_uint_eq (answer_ref (a, 3)->variant, 1);
  ck_assert_uint_eq (answer_n_variants (a), 2);
  ck_assert_ptr_null (answer_variant_sets (a, 0)[0]);
  ck_assert_str_eq (answer_variant_sets (a, 1)[0], "core.pager_threads=2");
  ck_assert_ptr_null (answer_variant_sets (a, 1)[1]);
  /* Variant 0 runs the scenario's own strategy whatever it names. */
  ck_assert_uint_eq (answer_variant_strategies (a, 0, STRATEGY_IPC_TIMEOUT, k), 2);
  ck_assert_int_eq (k[0], STRATEGY_SYNC_RPC);
  ck_assert_int_eq (k[1], STRATEGY_IPC_TIMEOUT);
  ck_assert_uint_eq (answer_variant_strategies (a, 1, STRATEGY_IPC_TIMEOUT, k), 2);
  ck_assert_int_eq (k[0], STRATEGY_ASYNC_SIGNAL);
  ck_assert_int_eq (k[1], STRATEGY_SYNC_RPC);
  {
    g_autofree char *label = answer_variant_label (a, 1);
    g_autofree char *ref = answer_ref_label (a, answer_ref (a, 2), STRATEGY_ASYNC_SIGNAL);

    ck_assert_str_eq (label, "--set core.pager_threads=2");
    ck_assert_str_eq (ref, "core blocked (sync-rpc, --set core.pager_threads=2)");
  }
}
END_TEST

START_TEST (test_answer_parse_json_value)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (Answer) a = answer_parse ("{gui.events={\"period\":\"20ms\"}:gui.dropped} {{x}",
                                       &error);

  ck_assert_msg (a != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_uint_eq (answer_n_refs (a), 1);
  ck_assert_str_eq (answer_variant_sets (a, 1)[0], "gui.events={\"period\":\"20ms\"}");
  ck_assert_int_eq (answer_ref (a, 0)->figure, FIG_GUI_DROPPED);
}
END_TEST

/* Each bad placeholder fails with a message that quotes it and says why. */
START_TEST (test_answer_parse_errors)
{
  static const struct {
    const char *text, *message;
  } cases[] = {
    { "a {faults.nosuch} b", "{faults.nosuch}: 'faults.nosuch' is not a figure of a run" },
    { "{faults.innocent.stalled}", "did you mean 'faults.innocent.stalled_threads'?" },
    { "{scenario}", "'scenario' is not a figure of a run" },
    { "{threads}", "'threads' is not a figure" },
    { "{wall_s}", "wall_s is wall-clock time" },
    { "{}", "{}: an empty placeholder" },
    { "{sync-rpc:}", "{sync-rpc:}: no figure named after the ':'" },
    { "{:faults.total}", "nothing before the ':'" },
    { "{sync-rcp:faults.total}", "'sync-rcp' is neither a strategy" },
    { "{sync-rpc ipc-timeout:faults.total}", "two strategies" },
    { "{=5:faults.total}", "'=5' wants PATH=VALUE" },
    { "{strategy=sync-rpc:faults.total}", "name the strategy alone, as 'sync-rpc'" },
    { "open {faults.total", "a '{' not closed by '}'" },
    { "open {gui.events={:gui.dropped}", "not closed" },
  };

  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      Answer *a = answer_parse (cases[i].text, &error);

      ck_assert_msg (a == NULL, "'%s' parsed", cases[i].text);
      ck_assert_ptr_nonnull (error);
      ck_assert_msg (strstr (error->message, cases[i].message) != NULL,
                     "'%s': got '%s', want '%s'", cases[i].text, error->message,
                     cases[i].message);
    }
}
END_TEST

/* ---- the loader ------------------------------------------------------- */

START_TEST (test_answer_unknown_figure_fails_the_load)
{
  static const char text[] =
    "{\"name\": \"t\", \"duration\": \"1s\",\n"
    " \"answer\": \"core waits {sync-rpc:core.blockd_ns}\"}";
  g_autoptr (GError) error = NULL;
  ScenarioConfig *c = scenario_load_data ("t.json", text, strlen (text), NULL, &error);

  ck_assert_ptr_null (c);
  ck_assert_int_eq (error->code, SCENARIO_ERROR_INVALID);
  ck_assert_msg (strstr (error->message, "t.json:2:12: answer: {sync-rpc:core.blockd_ns}: "
                         "'core.blockd_ns' is not a figure") != NULL, "%s", error->message);
}
END_TEST

START_TEST (test_answer_question_and_answer_load)
{
  static const char text[] =
    "{\"name\": \"t\", \"duration\": \"1s\", \"question\": \"How many?\",\n"
    " \"answer\": \"{faults.total}, {{literal}\"}";
  g_autoptr (GError) error = NULL;
  ScenarioConfig *c = scenario_load_data ("t.json", text, strlen (text), NULL, &error);

  ck_assert_msg (c != NULL, "%s", error != NULL ? error->message : "");
  ck_assert_str_eq (c->question, "How many?");
  ck_assert_str_eq (c->answer, "{faults.total}, {{literal}");
  scenario_free (c);
}
END_TEST

/* Every bundled scenario has a question and an answer that parses, and
 * a lesson; those of a claim begin with it. */
START_TEST (test_answer_bundled_scenarios)
{
  g_autoptr (GDir) d = g_dir_open ("scenarios", 0, NULL);
  const char *name;
  int n = 0;

  ck_assert_ptr_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename ("scenarios", name, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (Answer) a = NULL;
      ScenarioConfig *c;

      if (!g_str_has_suffix (name, ".json") || strcmp (name, "schema.json") == 0)
        continue;
      c = scenario_load_file (path, NULL, &error);
      ck_assert_msg (c != NULL, "%s: %s", name, error != NULL ? error->message : "");
      ck_assert_msg (c->lesson != NULL && c->question != NULL && c->answer != NULL,
                     "%s lacks a lesson, a question or an answer", name);
      a = answer_parse (c->answer, &error);
      ck_assert_msg (a != NULL, "%s: %s", name, error != NULL ? error->message : "");
      ck_assert_msg (answer_n_refs (a) > 0, "%s: the answer quotes no figure", name);
      scenario_free (c);
      n++;
    }
  ck_assert_int_ge (n, 17);
}
END_TEST

/* ---- rendering -------------------------------------------------------- */

static void
render_literal (GString *out, const char *text, size_t len, void *data)
{
  (void) data;
  g_string_append_len (out, text, (gssize) len);
}

static void
render_ref (GString *out, const AnswerRef *ref, void *data)
{
  const AnswerRun *run = data;
  double mean, half;
  bool with_ci;

  if (answer_value (run->answer, ref, STRATEGY_ASYNC_SIGNAL, run, 1, &mean, &half, &with_ci))
    g_string_append_printf (out, "<%g%s>", mean, with_ci ? "±" : "");
  else
    g_string_append (out, "<none>");
}

/* A hand-made summary: the values come from the batch's cells, each
 * placeholder from its own strategy, and a variant the batch did not run
 * finds nothing. */
START_TEST (test_answer_render_from_batch)
{
  g_autoptr (Answer) a = answer_parse ("{{{faults.total}} {sync-rpc:faults.total} "
                                       "{ipc-timeout:faults.total} {seed=2:faults.total}", NULL);
  Batch b = { .n_values = 1, .n_strategies = 2, .runs = 1,
              .strategies = { STRATEGY_ASYNC_SIGNAL, STRATEGY_SYNC_RPC } };
  g_autoptr (GString) out = g_string_new (NULL);
  AnswerRun run = { &b, NULL, 0 };

  ck_assert_ptr_nonnull (a);
  run.answer = a;
  b.mean = g_new0 (double, 2 * FIG_COUNT);
  b.half = g_new0 (double, 2 * FIG_COUNT);
  b.mean[batch_cell (&b, 0, 0, FIG_FAULTS_TOTAL)] = 40;
  b.mean[batch_cell (&b, 0, 1, FIG_FAULTS_TOTAL)] = 7;
  answer_render (a, &(AnswerRender) { render_literal, render_ref }, &run, out);
  ck_assert_str_eq (out->str, "{<40>} <7> <none> <none>");
  /* With several runs, an interval; a cell no run filled, nothing. */
  b.runs = 3;
  b.mean[batch_cell (&b, 0, 1, FIG_FAULTS_TOTAL)] = NAN;
  g_string_truncate (out, 0);
  answer_render (a, &(AnswerRender) { render_literal, render_ref }, &run, out);
  ck_assert_str_eq (out->str, "{<40±>} <none> <none> <none>");
  g_free (b.mean);
  g_free (b.half);
}
END_TEST

/* A compare or sweep batch (no answer of its own) holds variant 0, and a
 * sweep's value PARAM=V the variant of that one change. */
START_TEST (test_answer_value_in_sweep)
{
  g_autoptr (Answer) a = answer_parse ("{kernel.ipc_timeout=5ms:gui.dropped} "
                                       "{kernel.ipc_timeout=9ms:gui.dropped} {gui.dropped}",
                                       NULL);
  char *values[] = { "1ms", "5ms", NULL };
  Batch b = { .n_values = 2, .n_strategies = 1, .runs = 1, .param = "kernel.ipc_timeout",
              .values = values, .strategies = { STRATEGY_IPC_TIMEOUT } };
  AnswerRun run = { &b, NULL, 0 };
  double mean = 0, half = 0;
  bool with_ci;

  b.mean = g_new0 (double, 2 * FIG_COUNT);
  b.half = g_new0 (double, 2 * FIG_COUNT);
  b.mean[batch_cell (&b, 1, 0, FIG_GUI_DROPPED)] = 12;
  ck_assert (answer_value (a, answer_ref (a, 0), STRATEGY_IPC_TIMEOUT, &run, 1, &mean, &half,
                           &with_ci));
  ck_assert (mean == 12);
  ck_assert (!answer_value (a, answer_ref (a, 1), STRATEGY_IPC_TIMEOUT, &run, 1, &mean, &half,
                            &with_ci));
  /* The scenario as it is is no value of the sweep. */
  ck_assert (!answer_value (a, answer_ref (a, 2), STRATEGY_IPC_TIMEOUT, &run, 1, &mean, &half,
                            &with_ci));
  g_free (b.mean);
  g_free (b.half);
}
END_TEST

Suite *
answer_suite (void)
{
  Suite *s = suite_create ("answer");
  TCase *parse = tcase_create ("parse");
  TCase *load = tcase_create ("load");
  TCase *render = tcase_create ("render");

  tcase_add_test (parse, test_answer_parse_placeholders);
  tcase_add_test (parse, test_answer_parse_json_value);
  tcase_add_test (parse, test_answer_parse_errors);
  tcase_add_test (load, test_answer_unknown_figure_fails_the_load);
  tcase_add_test (load, test_answer_question_and_answer_load);
  tcase_add_test (load, test_answer_bundled_scenarios);
  tcase_add_test (render, test_answer_render_from_batch);
  tcase_add_test (render, test_answer_value_in_sweep);
  suite_add_tcase (s, parse);
  suite_add_tcase (s, load);
  suite_add_tcase (s, render);
  return s;
}
