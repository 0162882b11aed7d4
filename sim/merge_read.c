/* Reading partial outputs of compare and sweep back (see merge_read.h).
 *
 * A file is read twice over: cJSON for the values, and the text itself for
 * each run's JSON, which the merged output must repeat byte for byte.
 * batch_report_json_run() writes a run as the lines of report_json(),
 * indented by four spaces, between a line "    {" and a line "    }" (or
 * "    },"), with the grid point's members first in a sweep; a JSON string
 * holds no raw line break, so those lines are found by their indentation
 * alone, and their count is checked against what cJSON finds.
 *
 * Integers come from the run's JSON; the real and derived figures from
 * "exact", which holds them as %.17g, so that the doubles are those the run
 * made; the seeds, which may pass 2^53, from "study" as strings. */
#include "sim/merge_read.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/figures.h"

/* What a file says about the study it belongs to. */
typedef struct {
  const char *path;              /* the file */
  cJSON *root;
  char *text;
  const char *version, *command, *scenario, *scenario_path, *sha;
  GPtrArray *sets;               /* char * */
  GPtrArray *paths;              /* char *, the swept parameters */
  GPtrArray *axes;               /* GPtrArray * of char *, their values */
  int strategies[STRATEGY_COUNT];
  size_t n_strategies, runs, n_slots, n_values;
  uint64_t *seeds;
  bool skipped_local_rm, has_paging, has_gui;
  int64_t stall_threshold, duration, warmup;
  size_t shard_index, shard_count;   /* 0/0: not a shard */
  size_t n_missing;              /* runs listed as missing (an interrupted batch) */
} StudyFile;

static void
study_file_clear (StudyFile *f)
{
  cJSON_Delete (f->root);
  g_free (f->text);
  if (f->sets != NULL)
    g_ptr_array_unref (f->sets);
  if (f->paths != NULL)
    g_ptr_array_unref (f->paths);
  if (f->axes != NULL)
    g_ptr_array_unref (f->axes);
  g_free (f->seeds);
  memset (f, 0, sizeof *f);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StudyFile, study_file_clear)

static const char *
json_text (const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive (o, key);

  return cJSON_IsString (v) ? v->valuestring : NULL;
}

static bool
json_number (const cJSON *o, const char *key, double *out)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive (o, key);

  if (!cJSON_IsNumber (v))
    return false;
  *out = v->valuedouble;
  return true;
}

/* A size or count: a number that is a whole non-negative integer. */
static bool
json_size (const cJSON *o, const char *key, size_t *out)
{
  double d;

  if (!json_number (o, key, &d) || d < 0 || d != floor (d) || d > 1e15)
    return false;
  *out = (size_t) d;
  return true;
}

/* An array of strings into a new GPtrArray of copies; NULL if it is not. */
static GPtrArray *
json_strings (const cJSON *a)
{
  GPtrArray *out;
  const cJSON *e;

  if (!cJSON_IsArray (a))
    return NULL;
  out = g_ptr_array_new_with_free_func (g_free);
  cJSON_ArrayForEach (e, a)
    {
      if (!cJSON_IsString (e))
        {
          g_ptr_array_unref (out);
          return NULL;
        }
      g_ptr_array_add (out, g_strdup (e->valuestring));
    }
  return out;
}

/* The grid: "param" and "values" for one parameter, "params" for several. */
static bool
study_read_grid (StudyFile *f)
{
  const cJSON *params = cJSON_GetObjectItemCaseSensitive (f->root, "params");
  const char *param = json_text (f->root, "param");
  const cJSON *e;

  f->paths = g_ptr_array_new_with_free_func (g_free);
  f->axes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  f->n_values = 1;
  if (param != NULL)
    {
      GPtrArray *values = json_strings (cJSON_GetObjectItemCaseSensitive (f->root, "values"));

      if (values == NULL || values->len == 0)
        return false;
      g_ptr_array_add (f->paths, g_strdup (param));
      g_ptr_array_add (f->axes, values);
      f->n_values = values->len;
      return true;
    }
  if (params == NULL)
    return true;
  if (!cJSON_IsArray (params))
    return false;
  cJSON_ArrayForEach (e, params)
    {
      const char *path = json_text (e, "path");
      GPtrArray *values = json_strings (cJSON_GetObjectItemCaseSensitive (e, "values"));

      if (path == NULL || values == NULL || values->len == 0)
        {
          if (values != NULL)
            g_ptr_array_unref (values);
          return false;
        }
      g_ptr_array_add (f->paths, g_strdup (path));
      g_ptr_array_add (f->axes, values);
      f->n_values *= values->len;
    }
  return true;
}

static bool
study_read_strategies (StudyFile *f)
{
  const cJSON *a = cJSON_GetObjectItemCaseSensitive (f->root, "strategies");
  const cJSON *skipped = cJSON_GetObjectItemCaseSensitive (f->root, "skipped");
  const cJSON *e;

  if (!cJSON_IsArray (a) || !cJSON_IsArray (skipped))
    return false;
  cJSON_ArrayForEach (e, a)
    {
      int k = cJSON_IsString (e) ? strategy_from_name (e->valuestring) : -1;

      if (k < 0 || f->n_strategies == STRATEGY_COUNT)
        return false;
      f->strategies[f->n_strategies++] = k;
    }
  f->skipped_local_rm = cJSON_GetArraySize (skipped) > 0;
  return f->n_strategies > 0;
}

/* The "study" and "shard" members and what the top of the file says. */
static bool
study_read_header (StudyFile *f)
{
  const cJSON *study = cJSON_GetObjectItemCaseSensitive (f->root, "study");
  const cJSON *shard = cJSON_GetObjectItemCaseSensitive (f->root, "shard");
  const cJSON *missing = cJSON_GetObjectItemCaseSensitive (f->root, "missing");
  g_autoptr (GPtrArray) seeds = NULL;
  double d;

  f->version = json_text (study, "version");
  f->command = json_text (study, "command");
  f->sha = json_text (study, "scenario_sha256");
  f->scenario_path = json_text (study, "path");
  f->scenario = json_text (f->root, "scenario");
  f->sets = json_strings (cJSON_GetObjectItemCaseSensitive (study, "sets"));
  seeds = json_strings (cJSON_GetObjectItemCaseSensitive (study, "seeds"));
  if (f->version == NULL || f->command == NULL || f->sha == NULL || f->scenario_path == NULL
      || f->scenario == NULL || f->sets == NULL || seeds == NULL
      || !json_size (f->root, "runs", &f->runs) || f->runs == 0
      || !json_size (study, "slots", &f->n_slots)
      || !study_read_grid (f) || !study_read_strategies (f)
      || seeds->len != f->n_values
      || f->n_slots != f->n_values * f->n_strategies * f->runs)
    return false;
  f->seeds = g_new (uint64_t, f->n_values);
  for (size_t v = 0; v < f->n_values; v++)
    if (!g_ascii_string_to_unsigned (seeds->pdata[v], 10, 0, INT64_MAX, &f->seeds[v], NULL))
      return false;
  f->has_paging = cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (study, "has_paging"));
  f->has_gui = cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (study, "has_gui"));
  if (!json_number (study, "stall_threshold_ns", &d))
    return false;
  f->stall_threshold = (int64_t) d;
  if (!json_number (study, "duration_ns", &d))
    return false;
  f->duration = (int64_t) d;
  if (!json_number (study, "warmup_ns", &d))
    return false;
  f->warmup = (int64_t) d;
  if (shard != NULL && (!json_size (shard, "index", &f->shard_index)
                        || !json_size (shard, "count", &f->shard_count)
                        || f->shard_index < 1 || f->shard_index > f->shard_count))
    return false;
  f->n_missing = cJSON_IsArray (missing) ? (size_t) cJSON_GetArraySize (missing) : 0;
  return true;
}

/* Reads and parses `path`; false with the message printed. */
static bool
study_file_open (StudyFile *f, const char *command, const char *path)
{
  g_autoptr (GError) error = NULL;
  gsize len;

  f->path = path;
  if (!g_file_get_contents (path, &f->text, &len, &error))
    {
      cli_message (command, "%s", error->message);
      return false;
    }
  f->root = cJSON_ParseWithLength (f->text, len);
  if (f->root == NULL || !cJSON_IsObject (f->root))
    {
      cli_message (command, "'%s' is not JSON: not an output of mksim compare or sweep", path);
      return false;
    }
  if (cJSON_GetObjectItemCaseSensitive (f->root, "study") == NULL)
    {
      cli_message (command, "'%s' has no \"study\": only the partial outputs of compare and "
                   "sweep (a shard's, written with --shard I/N, or an interrupted one) can be "
                   "read back; a complete output already holds every run", path);
      return false;
    }
  if (!study_read_header (f))
    {
      cli_message (command, "'%s': its \"study\" is not as mksim writes it (edited, or of "
                   "another program)", path);
      return false;
    }
  return true;
}

/* ---- comparing two studies -------------------------------------------- */

static bool
strings_equal (GPtrArray *a, const char *const *b, size_t n)
{
  if (a->len != n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (strcmp (a->pdata[i], b[i]) != 0)
      return false;
  return true;
}

/* What differs between file `f` and the study `b` (its grid, strategies,
 * runs, seeds, scenario, --set lines), or NULL. */
static const char *
study_difference (const StudyFile *f, const Batch *b)
{
  size_t n_sets = 0;

  while (b->sets != NULL && b->sets[n_sets] != NULL)
    n_sets++;
  if (strcmp (f->version, MKSIM_VERSION) != 0)
    return "the version of mksim";
  if (strcmp (f->command, b->command) != 0)
    return "the command (compare or sweep)";
  if (strcmp (f->sha, b->study_sha256) != 0)
    return "the scenario (scenario_sha256: its text after the --set lines)";
  if (!strings_equal (f->sets, b->sets, n_sets))
    return "the --set lines";
  if (f->paths->len != b->n_params)
    return "the swept parameters";
  for (size_t p = 0; p < b->n_params; p++)
    if (strcmp (f->paths->pdata[p], b->paths[p]) != 0
        || !strings_equal (f->axes->pdata[p], (const char *const *) b->axes[p], b->axis_len[p]))
      return "the swept parameters or their values";
  if (f->n_strategies != b->n_strategies
      || memcmp (f->strategies, b->strategies, b->n_strategies * sizeof (int)) != 0)
    return "the strategies";
  if (f->runs != b->runs)
    return "the number of runs (--runs)";
  for (size_t v = 0; v < b->n_values; v++)
    if (f->seeds[v] != b->seeds[v])
      return "the seeds";
  return NULL;
}

/* ---- the runs --------------------------------------------------------- */

/* The JSON value at the dotted `key` inside `run`, or NULL. */
static const cJSON *
json_at (const cJSON *run, const char *key)
{
  g_auto (GStrv) parts = g_strsplit (key, ".", -1);
  const cJSON *o = run;

  for (char **p = parts; *p != NULL && o != NULL; p++)
    o = cJSON_GetObjectItemCaseSensitive (o, *p);
  return o;
}

/* The stored figures of `run` into a RunResult, the real ones from
 * `exact`: what the CSV and the stops read.  False for a member missing
 * or of the wrong type. */
static bool
merge_read_result (const cJSON *run, const double *exact, RunResult *r)
{
  for (int i = 0; i < FIG_COUNT; i++)
    {
      FigureId f = (FigureId) i;
      const cJSON *v;
      char *at = (char *) r + figures[f].offset;

      if (figures[f].type == FIGURE_TYPE_DERIVED || figures[f].type == FIGURE_TYPE_PART
          || figures[f].mark || f == FIG_WALL)
        continue;
      if (figures[f].type == FIGURE_TYPE_REAL)
        {
          *(double *) at = exact[f];
          continue;
        }
      v = json_at (run, figures[f].key);
      switch (figures[f].type)
        {
        case FIGURE_TYPE_U64:
          if (!cJSON_IsNumber (v))
            return false;
          *(uint64_t *) at = (uint64_t) v->valuedouble;
          break;
        case FIGURE_TYPE_I64:
          if (!cJSON_IsNumber (v))
            return false;
          *(int64_t *) at = (int64_t) v->valuedouble;
          break;
        case FIGURE_TYPE_INT:
          if (!cJSON_IsNumber (v))
            return false;
          *(int *) at = (int) v->valuedouble;
          break;
        case FIGURE_TYPE_TEXT:
          if (!cJSON_IsString (v) && !cJSON_IsNull (v))
            return false;
          *(char **) at = cJSON_IsString (v) ? g_strdup (v->valuestring) : NULL;
          break;
        case FIGURE_TYPE_CHARS:
          if (!cJSON_IsString (v))
            return false;
          g_strlcpy (at, v->valuestring, f == FIG_FINGERPRINT ? sizeof r->fingerprint
                                                               : sizeof r->scenario_sha256);
          break;
        case FIGURE_TYPE_REAL:
        case FIGURE_TYPE_DERIVED:
        case FIGURE_TYPE_PART:
          break;
        }
    }
  r->incomplete = cJSON_IsTrue (cJSON_GetObjectItemCaseSensitive (run, "incomplete"));
  if (r->incomplete)
    r->stopped = g_strdup (json_text (run, "stopped"));
  return true;
}

/* The text of each run in "results", as report_json() wrote it, into
 * `bodies`; false if the layout is not batch_report_json_run()'s. */
static bool
merge_read_bodies (const StudyFile *f, GPtrArray *bodies)
{
  g_auto (GStrv) lines = g_strsplit (f->text, "\n", -1);
  size_t skip = f->paths->len == 0 ? 0 : f->paths->len == 1 ? 2 : 1;
  size_t i = 0;

  while (lines[i] != NULL && strcmp (lines[i], "  \"results\": [") != 0)
    i++;
  if (lines[i] == NULL)
    return false;
  for (i++; lines[i] != NULL && !g_str_has_prefix (lines[i], "  ]"); i++)
    {
      GString *body;
      size_t k;

      if (strcmp (lines[i], "    {") != 0)
        return false;
      body = g_string_new ("{");
      for (k = i + 1 + skip; lines[k] != NULL; k++)
        {
          if (strcmp (lines[k], "    }") == 0 || strcmp (lines[k], "    },") == 0)
            break;
          if (!g_str_has_prefix (lines[k], "      "))
            {
              g_string_free (body, TRUE);
              return false;
            }
          g_string_append_printf (body, "\n%s", lines[k] + 4);
        }
      if (lines[k] == NULL)
        {
          g_string_free (body, TRUE);
          return false;
        }
      g_string_append (body, "\n}");
      g_ptr_array_add (bodies, g_string_free (body, FALSE));
      i = k;
    }
  return true;
}

/* Every run of `f` into its slot of `b`.  The slot must be waiting (not
 * another shard's, not given by another file); `b`'s counts follow. */
static bool
merge_read_runs (Batch *b, const StudyFile *f)
{
  const cJSON *results = cJSON_GetObjectItemCaseSensitive (f->root, "results");
  const cJSON *exact = cJSON_GetObjectItemCaseSensitive (f->root, "exact");
  g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  int n = cJSON_GetArraySize (results);

  if (!cJSON_IsArray (results) || !cJSON_IsArray (exact) || cJSON_GetArraySize (exact) != n
      || !merge_read_bodies (f, bodies) || bodies->len != (guint) n)
    {
      cli_message (b->command, "'%s': its \"results\" and \"exact\" are not as mksim writes "
                   "them (edited, or cut short)", f->path);
      return false;
    }
  for (int i = 0; i < n; i++)
    {
      const cJSON *run = cJSON_GetArrayItem (results, i), *ex = cJSON_GetArrayItem (exact, i);
      const cJSON *figs = cJSON_GetObjectItemCaseSensitive (ex, "figures"), *e;
      size_t slot_i, v, s, r, k = 0;
      BatchSlot *slot;
      double warm;

      if (!json_size (ex, "slot", &slot_i) || slot_i >= b->n_slots || !cJSON_IsArray (figs))
        goto bad;
      slot = &b->slots[slot_i];
      v = slot_i / (b->n_strategies * b->runs);
      s = slot_i / b->runs % b->n_strategies;
      r = slot_i % b->runs;
      if (slot->state == BATCH_SLOT_ELSEWHERE
          || (f->shard_count > 0 && slot_i % f->shard_count != f->shard_index - 1))
        {
          cli_message (b->command, "'%s' holds a run of another shard (slot %zu)", f->path,
                       slot_i);
          return false;
        }
      if (slot->state == BATCH_SLOT_DONE)
        {
          cli_message (b->command, "'%s': the run of %s, seed %" PRIu64 " is given twice",
                       f->path, batch_strategy_name (b, s), b->seeds[v] + r);
          return false;
        }
      slot->values = g_new (double, FIG_COUNT);
      for (int x = 0; x < FIG_COUNT; x++)
        slot->values[x] = NAN;
      cJSON_ArrayForEach (e, figs)
        {
          while (k < FIG_COUNT && !batch_exact_figure ((FigureId) k))
            k++;
          if (k == FIG_COUNT || !(cJSON_IsNumber (e) || cJSON_IsNull (e)))
            goto bad;
          slot->values[k++] = cJSON_IsNumber (e) ? e->valuedouble : NAN;
        }
      slot->result = g_new0 (RunResult, 1);
      if (!merge_read_result (run, slot->values, slot->result)
          || g_strcmp0 (slot->result->strategy, batch_strategy_name (b, s)) != 0)
        goto bad;
      slot->result->seed = b->seeds[v] + r;
      for (int x = 0; x < FIG_COUNT; x++)
        if (figures_numeric ((FigureId) x) && !batch_exact_figure ((FigureId) x))
          slot->values[x] = figures_value ((FigureId) x, slot->result);
      if (slot->keep_series && json_number (ex, "warmup_suggested_ns", &warm))
        slot->warmup_suggested = (int64_t) warm;
      slot->json = g_strdup (bodies->pdata[i]);
      slot->state = BATCH_SLOT_DONE;
      slot->from_file = true;
      b->n_done++;
      b->n_incomplete += slot->result->incomplete;
      continue;

bad:
      cli_message (b->command, "'%s': run %d of its \"results\" is not as mksim writes it",
                   f->path, i + 1);
      return false;
    }
  return true;
}

/* ---- resume ----------------------------------------------------------- */

MksimExit
merge_read_resume (Batch *b, const char *path)
{
  g_auto (StudyFile) f = { 0 };
  const char *diff;
  size_t before = b->n_done;

  if (!study_file_open (&f, b->command, path))
    return MKSIM_EXIT_USAGE;
  diff = study_difference (&f, b);
  if (diff != NULL)
    {
      cli_message (b->command, "--resume '%s': another study: %s differ%s from this one's",
                   path, diff, g_str_has_suffix (diff, "s") ? "" : "s");
      return MKSIM_EXIT_USAGE;
    }
  /* A whole study may complete a shard (it runs what the shard lacks); a
   * shard completes its own output only. */
  if (b->shard_count > 0 && (f.shard_index != b->shard_index || f.shard_count != b->shard_count))
    {
      cli_message (b->command, "--resume '%s': it is not the output of shard %zu/%zu: give "
                   "the --shard it was written with, or none to run the whole study",
                   path, b->shard_index, b->shard_count);
      return MKSIM_EXIT_USAGE;
    }
  if (!merge_read_runs (b, &f))
    return MKSIM_EXIT_USAGE;
  b->n_resumed = b->n_done - before;
  return MKSIM_EXIT_OK;
}

/* ---- merge ------------------------------------------------------------ */

/* The study of the first shard into `b`. */
static void
merge_read_study (Batch *b, const StudyFile *f, GStrv *sets)
{
  size_t n = f->paths->len;

  b->command = g_strcmp0 (f->command, "sweep") == 0 ? "sweep" : "compare";
  b->path = g_strdup (f->scenario_path);
  b->scenario = g_strdup (f->scenario);
  g_strlcpy (b->study_sha256, f->sha, sizeof b->study_sha256);
  g_ptr_array_add (f->sets, NULL);
  *sets = g_strdupv ((char **) f->sets->pdata);
  g_ptr_array_remove_index (f->sets, f->sets->len - 1);
  b->sets = (const char *const *) *sets;
  if (n > 0)
    {
      char **paths = g_new0 (char *, n + 1);
      GStrv *axes = g_new0 (GStrv, n + 1);

      for (size_t p = 0; p < n; p++)
        {
          GPtrArray *values = f->axes->pdata[p];

          paths[p] = g_strdup (f->paths->pdata[p]);
          axes[p] = g_new0 (char *, values->len + 1);
          for (guint i = 0; i < values->len; i++)
            axes[p][i] = g_strdup (values->pdata[i]);
        }
      batch_set_grid (b, paths, axes, n);
    }
  memcpy (b->strategies, f->strategies, sizeof b->strategies);
  b->n_strategies = f->n_strategies;
  b->runs = f->runs;
  b->seeds = g_memdup2 (f->seeds, f->n_values * sizeof *f->seeds);
  b->skipped_local_rm = f->skipped_local_rm;
  b->has_paging = f->has_paging;
  b->has_gui = f->has_gui;
  b->stall_threshold = f->stall_threshold;
  b->duration = f->duration;
  b->warmup = f->warmup;
  b->shard_count = f->shard_count;
}

/* Every shard index of 1..count given exactly once: names what is missing
 * or doubled. */
static bool
merge_read_cover (const char *command, const char *const *paths, const size_t *index,
                  size_t n, size_t count)
{
  g_autofree size_t *by = g_new0 (size_t, count + 1);   /* file + 1 per index */
  g_autoptr (GString) missing = g_string_new (NULL);

  for (size_t i = 0; i < n; i++)
    {
      if (by[index[i]] != 0)
        {
          cli_message (command, "shard %zu/%zu is given twice: '%s' and '%s'", index[i], count,
                       paths[by[index[i]] - 1], paths[i]);
          return false;
        }
      by[index[i]] = i + 1;
    }
  for (size_t k = 1; k <= count; k++)
    if (by[k] == 0)
      g_string_append_printf (missing, "%s%zu/%zu", missing->len > 0 ? ", " : "", k, count);
  if (missing->len > 0)
    {
      cli_message (command, "shard%s %s missing: merge wants every shard of the study",
                   strchr (missing->str, ',') != NULL ? "s" : "", missing->str);
      return false;
    }
  return true;
}

MksimExit
merge_read_shards (Batch *b, const char *const *paths, size_t n, GStrv *sets)
{
  g_autofree StudyFile *files = g_new0 (StudyFile, n);
  g_autofree size_t *index = g_new0 (size_t, n);
  MksimExit status = MKSIM_EXIT_USAGE;

  for (size_t i = 0; i < n; i++)
    {
      const char *diff;

      if (!study_file_open (&files[i], "merge", paths[i]))
        goto out;
      if (files[i].shard_count == 0)
        {
          cli_message ("merge", "'%s' is not a shard (written without --shard I/N): resume it "
                       "with --resume '%s' instead", paths[i], paths[i]);
          goto out;
        }
      if (files[i].n_missing > 0)
        {
          cli_message ("merge", "'%s': shard %zu/%zu was interrupted, %zu of its runs are "
                       "missing: complete it first with the same command and --resume '%s'",
                       paths[i], files[i].shard_index, files[i].shard_count,
                       files[i].n_missing, paths[i]);
          goto out;
        }
      if (i == 0)
        {
          merge_read_study (b, &files[0], sets);
          continue;
        }
      if (files[i].shard_count != b->shard_count)
        {
          cli_message ("merge", "'%s' is shard %zu/%zu, '%s' shard %zu/%zu: shards of "
                       "different splits", paths[0], files[0].shard_index, b->shard_count,
                       paths[i], files[i].shard_index, files[i].shard_count);
          goto out;
        }
      diff = study_difference (&files[i], b);
      if (diff != NULL)
        {
          cli_message ("merge", "'%s' and '%s' are shards of different studies: %s differ%s",
                       paths[0], paths[i], diff, g_str_has_suffix (diff, "s") ? "" : "s");
          goto out;
        }
    }
  for (size_t i = 0; i < n; i++)
    index[i] = files[i].shard_index;
  if (!merge_read_cover ("merge", paths, index, n, b->shard_count))
    goto out;
  /* Every slot is some shard's: read each file's into place. */
  b->n_values = files[0].n_values;
  b->n_slots = b->n_values * b->n_strategies * b->runs;
  b->slots = g_new0 (BatchSlot, b->n_slots);
  for (size_t i = 0; i < b->n_slots; i++)
    b->slots[i] = (BatchSlot) { .value = i / (b->n_strategies * b->runs),
                                .warmup_suggested = -1,
                                .keep_series = i / (b->n_strategies * b->runs) == 0
                                               && i % b->runs == 0 };
  for (size_t i = 0; i < n; i++)
    if (!merge_read_runs (b, &files[i]))
      goto out;
  if (b->n_done != b->n_slots)
    {
      cli_message ("merge", "the shards hold %zu of the study's %zu runs: written by "
                   "different commands?", b->n_done, b->n_slots);
      goto out;
    }
  b->shard_count = 0;
  status = MKSIM_EXIT_OK;

out:
  for (size_t i = 0; i < n; i++)
    study_file_clear (&files[i]);
  return status;
}
