/* The loader's side of the `replay` op: its trace file is read and checked
 * when the scenario loads (sim/pagetrace.c), so that a run never starts on
 * a trace that is missing or damaged, and the models get the records in
 * memory and never see a file.  A relative path starts from the scenario
 * file's folder, where a scenario and its traces are kept together (the
 * bundled scenarios/traces.json and scenarios/traces/); a scenario given on
 * standard input or as text has no folder, and its paths start from the
 * current directory.  Each file is read once per load, however many ops
 * replay it. */
#include "sim/scenario_priv.h"

#include <string.h>

#include "sim/pagetrace.h"

/* The file `given` names, as it is opened. */
static char *
scenario_trace_path (const ScenarioLoader *l, const char *given)
{
  if (g_path_is_absolute (given) || l->dir == NULL || strcmp (l->dir, ".") == 0)
    return g_strdup (given);
  return g_build_filename (l->dir, given, NULL);
}

void
scenario_read_trace (ScenarioLoader *l, const cJSON *node, const char *path, void *dst)
{
  PageTrace **out = dst;
  g_autofree char *file = NULL;
  PageTrace *t;

  if (!cJSON_IsString (node) || node->valuestring[0] == '\0')
    {
      scenario_problem (l, node, false, path, "expected the path of a page trace (a string "
                        "that is not empty), got %s", cJSON_IsString (node) ? "\"\""
                        : scenario_json_type (node));
      return;
    }
  file = scenario_trace_path (l, node->valuestring);
  t = g_hash_table_lookup (l->traces, file);
  if (t == NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *msg = NULL;

      t = pagetrace_load (file, &error);
      if (t == NULL)
        {
          /* The message quotes the path, which may hold anything. */
          msg = scenario_show_bytes (error->message, strlen (error->message));
          if (error->code == PAGETRACE_ERROR_IO && !g_path_is_absolute (node->valuestring))
            scenario_problem (l, node, false, path, "%s (a relative path starts from %s)", msg,
                              l->dir != NULL ? "the scenario file's folder"
                              : "the current directory");
          else
            scenario_problem (l, node, false, path, "%s", msg);
          return;
        }
      g_hash_table_insert (l->traces, g_strdup (file), t);
    }
  *out = config_trace_ref (t);
}

/* After a replay's keys: its dataspace holds every page of the trace.  The
 * reference is not resolved yet (that is done when every list is read),
 * but the dataspaces are: the top table reads them before the processes. */
bool
scenario_check_replay (ScenarioLoader *l, const cJSON *obj, const char *path, void *dst)
{
  const Op *op = (const Op *) ((const char *) dst - offsetof (Op, u.replay));
  const PageTrace *t = op->u.replay.trace;
  const cJSON *ds = cJSON_GetObjectItemCaseSensitive (obj, "dataspace");
  const ScenarioConfig *c = l->config;

  if (t == NULL || !cJSON_IsString (ds))
    return true;
  for (size_t i = 0; i < c->n_dataspaces; i++)
    {
      const DataspaceConfig *d = &c->dataspaces[i];
      g_autofree char *dpath = NULL;

      if (d->name == NULL || strcmp (d->name, ds->valuestring) != 0)
        continue;
      if (d->pages >= t->n_pages)
        return true;
      dpath = g_strdup_printf ("%s.dataspace", path);
      scenario_problem (l, ds, false, dpath, "dataspace \"%s\" has %" G_GINT64_FORMAT " page%s, "
                        "fewer than the %" G_GINT64_FORMAT " pages of the trace %s (give it "
                        "\"pages\": %" G_GINT64_FORMAT " or more)", scenario_show (l, d->name),
                        d->pages, d->pages == 1 ? "" : "s", t->n_pages,
                        scenario_show (l, t->name), t->n_pages);
      return true;
    }
  return true;   /* no such dataspace: the reference reports it */
}
