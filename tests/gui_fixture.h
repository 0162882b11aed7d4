/* What the GUI tests share: run a scenario - given inline (the unit tests in
 * tests/check_gui.c) or bundled in scenarios/ (the claim tests in
 * tests/check_claims_gui.c) - through the loader and machine_run, and read
 * the GUI figures of the result by name.  Header-only. */
#ifndef MKSIM_GUI_FIXTURE_H
#define MKSIM_GUI_FIXTURE_H

#include <check.h>
#include <glib.h>
#include <string.h>

#include "models/machine.h"
#include "sim/scenario.h"

#define GF_US INT64_C (1000)
#define GF_MS INT64_C (1000000)

/* Runs a loaded scenario; hands the config to *cfg_out when asked for
 * (the caller frees it with scenario_free), frees it otherwise. */
static inline RunResult *
gf_run_config (ScenarioConfig *c, ScenarioConfig **cfg_out)
{
  RunResult *r = machine_run (c, NULL);
  if (cfg_out)
    *cfg_out = c;
  else
    scenario_free (c);
  return r;
}

/* Runs the scenario `json` with `sets` (NULL-terminated --set lines, or NULL). */
static inline RunResult *
gf_run_json (const char *json, const char *const *sets, ScenarioConfig **cfg_out)
{
  g_autoptr (GError) err = NULL;
  ScenarioConfig *c = scenario_load_data ("gui-test", json, strlen (json), sets, &err);
  ck_assert_msg (c != NULL, "scenario rejected: %s", err ? err->message : "?");
  return gf_run_config (c, cfg_out);
}

/* Runs the bundled scenarios/<file> with `sets`. */
static inline RunResult *
gf_run_file (const char *file, const char *const *sets, ScenarioConfig **cfg_out)
{
  g_autoptr (GError) err = NULL;
  g_autofree char *path = g_build_filename ("scenarios", file, NULL);
  ScenarioConfig *c = scenario_load_file (path, sets, &err);
  ck_assert_msg (c != NULL, "%s: %s", path, err ? err->message : "?");
  return gf_run_config (c, cfg_out);
}

/* gui.dropped_by_cause[cause]; a cause the result lacks fails the test. */
static inline uint64_t
gf_drops (const RunResult *r, const char *cause)
{
  for (size_t i = 0; i < r->gui.n_drop_causes; i++)
    if (strcmp (r->gui.dropped_by_cause[i].cause, cause) == 0)
      return r->gui.dropped_by_cause[i].count;
  ck_abort_msg ("no drop cause %s", cause);
  return 0;
}

/* The thread named `name` (<process>.<thread>[<i>]); a missing one fails the test. */
static inline const ThreadResult *
gf_thread (const RunResult *r, const char *name)
{
  for (size_t i = 0; i < r->n_threads; i++)
    if (strcmp (r->threads[i].name, name) == 0)
      return &r->threads[i];
  ck_abort_msg ("no thread %s", name);
  return NULL;
}

#endif
