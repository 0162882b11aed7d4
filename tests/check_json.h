/* JSON look-ups for the checks: a run's JSON parsed, and a value found by
 * its dotted path ("faults.latency_ns.p50").  Header-only. */
#ifndef MKSIM_CHECK_JSON_H
#define MKSIM_CHECK_JSON_H

#include <check.h>
#include <cjson/cJSON.h>
#include <glib.h>

#include "models/result.h"
#include "sim/report_json.h"

static inline cJSON *
cj_run_json (const RunResult *r, bool with_wall)
{
  g_autofree char *text = report_json (r, with_wall);
  cJSON *root;

  ck_assert_ptr_nonnull (text);
  root = cJSON_Parse (text);
  ck_assert_msg (root != NULL, "report_json is not JSON:\n%s", text);
  return root;
}

/* A value by dotted path ("faults.latency_ns.p50"). */
static inline cJSON *
cj_at (cJSON *root, const char *path)
{
  g_auto (GStrv) keys = g_strsplit (path, ".", -1);
  cJSON *node = root;

  for (char **k = keys; *k != NULL && node != NULL; k++)
    node = cJSON_GetObjectItemCaseSensitive (node, *k);
  return node;
}

#endif
