/* `mksim list` and `mksim lesson` (see lesson.h): predict, then check.  A
 * lesson prints the scenario's lesson and its question and keeps the
 * answer back; --answer runs what the answer quotes (one batch of runs per
 * variant of the scenario it names, each under the strategies its
 * placeholders name) and prints the answer with those runs' own figures in
 * it, then their tables, so the answer and the numbers cannot disagree.
 * The runs are batches of sim/batch.h, as compare makes them. */
#include "sim/lesson.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "models/config.h"
#include "sim/answer.h"
#include "sim/batch.h"
#include "sim/batch_report.h"
#include "sim/cli.h"
#include "sim/compare_plots.h"
#include "sim/handout.h"
#include "sim/interrupt.h"
#include "sim/plot.h"
#include "sim/report.h"
#include "sim/scenario.h"
#include "sim/engine/escape.h"

#ifndef MKSIM_PREFIX
#define MKSIM_PREFIX "/usr/local"
#endif

#define SCENARIO_SUFFIX ".json"        /* a bundled scenario's file name ends so */
#define SCHEMA_FILE     "schema.json"  /* ... but this one beside them is the schema */
#define LIST_MIN_WIDTH  4              /* characters of the name column of `list` */
#define LIST_MIN_TEXT   30             /* characters left for a lesson beside the names */
#define LIST_NARROW_INDENT 6           /* else it goes below its name, so indented */
#define LESSON_WIDTH    78             /* characters of a line of `list NAME` */
#define WIDTH_DEFAULT   80             /* without a usable $COLUMNS */
#define WIDTH_MIN       20
#define WIDTH_MAX       1000
#define LESSON_MAX_RUNS 100            /* --runs: replications of each run of an answer */
#define LESSON_MAX_JOBS 1024

/* The thread timelines of a handout, as compare draws them by default:
 * from the warmup on, 1/20 of the measured time, within 1 to 100 ms. */
#define TIMELINE_SHARE     20
#define TIMELINE_MIN       INT64_C (1000000)
#define TIMELINE_MAX       INT64_C (100000000)

#define NBSP "\302\240"   /* U+00A0: a figure and its unit stay on one line */

int
lesson_width (void)
{
  const char *env = g_getenv ("COLUMNS");
  guint64 n;

  if (env != NULL && g_ascii_string_to_unsigned (env, 10, WIDTH_MIN, WIDTH_MAX, &n, NULL))
    return (int) n;
  return WIDTH_DEFAULT;
}

/* ---- claims ----------------------------------------------------------- */

/* "C<digits>" at `p`: its number, `p` moved past it; 0 if none. */
static int
lesson_claim_at (const char **p)
{
  const char *q = *p;
  int n = 0;

  if (*q != 'C' || !g_ascii_isdigit (q[1]))
    return 0;
  for (q++; g_ascii_isdigit (*q) && n < 1000; q++)
    n = n * 10 + (*q - '0');
  *p = q;
  return n;
}

int
lesson_first_claim (const char *lesson)
{
  const char *p = lesson != NULL ? lesson : "";
  int first;

  p += strspn (p, " \t\r\n");
  first = lesson_claim_at (&p);
  if (first == 0)
    return 0;
  for (;;)
    {
      if (*p == ':')
        return first;
      if (g_str_has_prefix (p, " and "))
        p += strlen (" and ");
      else if (g_str_has_prefix (p, ", "))
        p += strlen (", ");
      else
        return 0;
      if (lesson_claim_at (&p) == 0)
        return 0;
    }
}

/* ---- list ------------------------------------------------------------- */

/* The first sentence of a lesson, on one line. */
static char *
list_first_sentence (const char *text)
{
  GString *s = g_string_new (NULL);
  bool space = false;

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = s->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (s, ' ');
      space = false;
      g_string_append_c (s, *p);
      if ((*p == '.' || *p == '!' || *p == '?') && (p[1] == '\0' || g_ascii_isspace (p[1])))
        break;
    }
  return g_string_free (s, FALSE);
}

/* One bundled scenario as `list` shows it. */
typedef struct {
  char *file;                    /* the file name */
  char *stem;                    /* the name, escaped */
  char *sentence;                /* its lesson's first sentence; NULL: invalid */
  int claim;                     /* lesson_first_claim(); 0: none */
} ListEntry;

static void
list_entry_free (gpointer data)
{
  ListEntry *e = data;

  g_free (e->file);
  g_free (e->stem);
  g_free (e->sentence);
  g_free (e);
}

/* Claims first, in their order, then the rest by name. */
static int
list_entry_order (gconstpointer a, gconstpointer b)
{
  const ListEntry *x = *(ListEntry *const *) a, *y = *(ListEntry *const *) b;

  if ((x->claim == 0) != (y->claim == 0))
    return x->claim == 0 ? 1 : -1;
  if (x->claim != y->claim)
    return x->claim < y->claim ? -1 : 1;
  return strcmp (x->file, y->file);
}

/* The scenarios in `d`, in list_entry_order(). */
static GPtrArray *
list_entries (const char *dir, GDir *d)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func (list_entry_free);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *file = NULL;
      g_autofree char *stem = NULL;
      ScenarioConfig *c;
      ListEntry *e;

      if (!g_str_has_suffix (name, SCENARIO_SUFFIX) || strcmp (name, SCHEMA_FILE) == 0)
        continue;
      file = g_build_filename (dir, name, NULL);
      stem = g_strndup (name, strlen (name) - strlen (SCENARIO_SUFFIX));
      e = g_new0 (ListEntry, 1);
      e->file = g_strdup (name);
      e->stem = escape_text (stem, false);
      c = scenario_load_file (file, NULL, &error);
      if (c != NULL)
        {
          e->sentence = list_first_sentence (c->lesson);
          e->claim = lesson_first_claim (c->lesson);
          scenario_free (c);
        }
      g_ptr_array_add (entries, e);
    }
  g_ptr_array_sort (entries, list_entry_order);
  return entries;
}

/* One entry: its name, padded to `name_width`, and its sentence wrapped to
 * `width` beside it, or below it when the names leave it too little room. */
static void
list_print_entry (const char *dir, const ListEntry *e, int name_width, int width)
{
  int pad = name_width - (int) g_utf8_strlen (e->stem, -1);
  int indent = 2 + name_width + 2;
  g_autofree char *invalid = NULL;
  const char *text = e->sentence;

  if (text == NULL)
    {
      g_autofree char *file = g_build_filename (dir, e->file, NULL);

      text = invalid = g_strdup_printf ("(invalid: see 'mksim check %s')", file);
    }
  if (width - indent < LIST_MIN_TEXT)
    {
      cli_printf (stdout, "  %s\n%*s", e->stem, LIST_NARROW_INDENT, "");
      cli_print_wrapped_indent (stdout, text, width, LIST_NARROW_INDENT, LIST_NARROW_INDENT);
      return;
    }
  cli_printf (stdout, "  %s%*s  ", e->stem, MAX (pad, 0), "");
  cli_print_wrapped_indent (stdout, text, width, indent, indent);
}

/* The whole lesson of one scenario, a bundled one's NAME or a file, with a
 * header saying how it runs by default. */
static MksimExit
list_print_lesson (const char *arg)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = cli_resolve_scenario (arg);
  g_autofree char *base = g_path_get_basename (path);
  char duration[32];
  ScenarioConfig *c;

  if (strcmp (base, SCHEMA_FILE) == 0)
    {
      g_autofree char *msg = g_strdup_printf ("'%s' is the JSON Schema of scenarios, "
                                              "not a scenario", arg);

      return cli_usage_error ("list", msg);
    }
  if (strcmp (path, "-") != 0 && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *close = cli_closest_scenario (arg);
      g_autofree char *msg = g_strdup_printf ("no bundled scenario '%s'%s%s%s (see 'mksim list')",
                                              arg, close != NULL ? ": did you mean " : "",
                                              close != NULL ? close : "",
                                              close != NULL ? "?" : "");

      return cli_usage_error ("list", msg);
    }
  c = scenario_load_file (path, NULL, &error);
  if (c == NULL)
    {
      cli_put (stderr, error->message);
      fputc ('\n', stderr);
      return MKSIM_EXIT_USAGE;
    }
  {
    g_autofree char *head =
      g_strdup_printf ("Scenario %s: strategy %s, %s simulated, seed %" PRIu64 "\n  file %s\n\n",
                       c->name, strategy_names[c->strategy],
                       report_format_ns (duration, sizeof duration, c->duration), c->seed, path);
    g_autofree char *shown = escape_text (head, true);

    cli_put_fitted (stdout, shown);
  }
  if (c->lesson != NULL && c->lesson[0] != '\0')
    cli_print_wrapped (stdout, c->lesson, MIN (LESSON_WIDTH, cli_room (STDOUT_FILENO)));
  else
    printf ("(no lesson)\n");
  {
    g_autofree char *run = g_strdup_printf ("\nRun it with 'mksim run %s'%s%s%s.", arg,
                                            c->question != NULL ? ", or predict and check with "
                                            "'mksim lesson " : "",
                                            c->question != NULL ? arg : "",
                                            c->question != NULL ? "'" : "");

    fputc ('\n', stdout);
    cli_print_wrapped (stdout, run, MIN (LESSON_WIDTH, cli_room (STDOUT_FILENO)));
  }
  scenario_free (c);
  return MKSIM_EXIT_OK;
}

int
lesson_list_main (int argc, char **argv)
{
  const GOptionEntry entries[] = { G_OPTION_ENTRY_NULL };
  g_autofree char *dir = NULL;
  g_autoptr (GDir) d = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  int name_width = LIST_MIN_WIDTH, width = lesson_width ();

  if (!cli_parse ("list", "[NAME...]",
                  "List the bundled scenarios, or print the whole lesson of each NAME.",
                  "Without NAME, one entry per bundled scenario: its name and the first\n"
                  "sentence of its lesson, those of the seed's claims first in claim order\n"
                  "(C1 ... C13), then the others by name, wrapped to $COLUMNS (default 80).\n"
                  "NAME is a bundled scenario ('hello') or a scenario file.  Scenarios are\n"
                  "looked for in $MKSIM_SCENARIOS, beside the mksim binary, then in\n"
                  MKSIM_PREFIX "/share/mksim/scenarios.",
                  entries, NULL, &argc, &argv))
    return MKSIM_EXIT_USAGE;
  if (argc > 1)
    {
      MksimExit status = MKSIM_EXIT_OK;

      for (int i = 1; i < argc; i++)
        {
          MksimExit one;

          if (i > 1)
            fputc ('\n', stdout);
          one = list_print_lesson (argv[i]);
          status = MAX (status, one);
        }
      if (!cli_flush_stdout ("list"))
        status = MAX (status, MKSIM_EXIT_FAILED);
      return status;
    }
  dir = cli_scenarios_dir ();
  d = g_dir_open (dir, 0, &error);
  if (d == NULL)
    {
      cli_message ("list", "no bundled scenarios: %s (set MKSIM_SCENARIOS)", error->message);
      return MKSIM_EXIT_FAILED;
    }
  list = list_entries (dir, d);
  for (guint i = 0; i < list->len; i++)
    name_width = MAX (name_width, (int) g_utf8_strlen (((ListEntry *) list->pdata[i])->stem, -1));
  {
    g_autofree char *head = g_strdup_printf ("Bundled scenarios in %s (read a whole lesson with "
                                             "'mksim list NAME', predict and check with "
                                             "'mksim lesson NAME', run one with "
                                             "'mksim run NAME'):", dir);

    cli_print_wrapped (stdout, head, width);
  }
  for (guint i = 0; i < list->len; i++)
    list_print_entry (dir, list->pdata[i], name_width, width);
  return cli_flush_stdout ("list") ? MKSIM_EXIT_OK : MKSIM_EXIT_FAILED;
}

/* ---- lesson: the runs of an answer ------------------------------------ */

typedef struct {
  gboolean answer;
  int runs, jobs;
  char **sets;
  char *html, *plot;
} LessonOptions;

static void
lesson_options_clear (LessonOptions *o)
{
  g_strfreev (o->sets);
  g_free (o->html);
  g_free (o->plot);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LessonOptions, lesson_options_clear)

/* Everything one lesson holds while it runs. */
typedef struct {
  const LessonOptions *o;
  const char *arg;               /* NAME as given */
  char *path;                    /* the scenario file */
  ScenarioConfig *config;        /* with the user's --set lines */
  Answer *answer;                /* parsed from config->answer ("" without one) */
  GPtrArray *batches;            /* Batch *, one per variant */
  GPtrArray *set_lines;          /* GPtrArray * of char *: each batch's --set lines */
  PlotSet *plots;                /* of batch 0, or NULL */
  Handout *handout;
} Lesson;

static void
lesson_free_batch (gpointer data)
{
  Batch *b = data;

  batch_clear (b);
  g_free (b);
}

static void
lesson_clear (Lesson *l)
{
  g_clear_pointer (&l->batches, g_ptr_array_unref);
  g_clear_pointer (&l->set_lines, g_ptr_array_unref);
  g_clear_pointer (&l->plots, plot_set_free);
  g_clear_pointer (&l->handout, handout_free);
  g_clear_pointer (&l->answer, answer_free);
  g_clear_pointer (&l->config, scenario_free);
  g_clear_pointer (&l->path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Lesson, lesson_clear)

/* The --set lines of variant `v`: the user's, then the variant's. */
static GPtrArray *
lesson_variant_sets (const Lesson *l, size_t v)
{
  GPtrArray *sets = g_ptr_array_new_with_free_func (g_free);

  for (char **s = l->o->sets; s != NULL && *s != NULL; s++)
    g_ptr_array_add (sets, g_strdup (*s));
  for (const char *const *s = answer_variant_sets (l->answer, v); *s != NULL; s++)
    g_ptr_array_add (sets, g_strdup (*s));
  g_ptr_array_add (sets, NULL);
  return sets;
}

/* The timeline window and the traces the plots of `b` need. */
static bool
lesson_prepare_plots (Lesson *l, Batch *b)
{
  b->keep_samples = true;
  b->tl_from = b->warmup;
  b->tl_to = MIN (b->duration, b->warmup + CLAMP ((b->duration - b->warmup) / TIMELINE_SHARE,
                                                   TIMELINE_MIN, TIMELINE_MAX));
  for (size_t s = 0; s < b->n_strategies; s++)
    {
      g_autofree char *name = compare_plots_trace_name (b, s);
      g_autofree char *path = plot_set_path (l->plots, name);

      if (!cli_open_output ("lesson", path, &batch_slot (b, 0, s, 0)->trace_file))
        return false;
    }
  return true;
}

/* A GUI scenario has no local-region-mapper run (the loader refuses the
 * scenario under it): a placeholder of variant `v` that names it is an
 * error of the lesson. */
static MksimExit
lesson_check_gui (const Lesson *l, size_t v)
{
  for (size_t i = 0; i < answer_n_refs (l->answer); i++)
    {
      const AnswerRef *ref = answer_ref (l->answer, i);

      if (ref->variant == v && ref->strategy == STRATEGY_LOCAL_RM)
        {
          cli_message ("lesson", "%s: answer: %s: local-region-mapper does not deliver GUI "
                       "input, and the scenario has a GUI", l->path, ref->text);
          return MKSIM_EXIT_USAGE;
        }
    }
  return MKSIM_EXIT_OK;
}

/* Runs variant `v` of the answer as one batch.  Exit status. */
static MksimExit
lesson_run_variant (Lesson *l, size_t v)
{
  Batch *b = g_new0 (Batch, 1);
  GPtrArray *sets = lesson_variant_sets (l, v);
  MksimExit status;

  g_ptr_array_add (l->batches, b);
  g_ptr_array_add (l->set_lines, sets);
  b->command = "lesson";
  b->n_values = 1;
  b->max_wall = -1;
  b->trace_max = CLI_TRACE_MAX_DEFAULT;
  b->runs = (size_t) l->o->runs;
  b->path = g_strdup (l->path);
  b->sets = (const char *const *) sets->pdata;
  b->n_strategies = answer_variant_strategies (l->answer, v, (int) l->config->strategy,
                                               b->strategies);
  status = batch_probe (b);
  if (status != MKSIM_EXIT_OK)
    {
      if (v > 0)
        {
          g_autofree char *label = answer_variant_label (l->answer, v);

          cli_message ("lesson", "%s: answer: the variant %s cannot run (above)", l->path, label);
        }
      return status;
    }
  if (b->has_gui)
    {
      status = lesson_check_gui (l, v);
      if (status != MKSIM_EXIT_OK)
        return status;
    }
  status = batch_load (b);
  if (status != MKSIM_EXIT_OK || interrupt_caught () != 0)
    return status;
  if (v == 0 && l->plots != NULL && !lesson_prepare_plots (l, b))
    return MKSIM_EXIT_FAILED;
  status = batch_run (b, l->o->jobs);
  if (status != MKSIM_EXIT_OK || b->interrupted != 0)
    return status;
  batch_report_stops (b);
  batch_summarise (b);
  return MKSIM_EXIT_OK;
}

/* ---- lesson: printing ------------------------------------------------- */

static void
lesson_render_literal (GString *out, const char *text, size_t len, void *data)
{
  (void) data;
  g_string_append_len (out, text, (gssize) len);
}

/* A figure as the tables write it, its spaces made unbreakable. */
static void
lesson_render_ref (GString *out, const AnswerRef *ref, void *data)
{
  const Lesson *l = data;
  g_autofree AnswerRun *runs = g_new (AnswerRun, l->batches->len);
  g_autofree char *text = NULL;
  double mean, half;
  bool with_ci;

  for (guint i = 0; i < l->batches->len; i++)
    runs[i] = (AnswerRun) { l->batches->pdata[i], l->answer, i };
  if (!answer_value (l->answer, ref, (int) l->config->strategy, runs, l->batches->len, &mean,
                     &half, &with_ci))
    {
      g_string_append (out, "(no run completed)");
      return;
    }
  text = figures_format (figures[ref->figure].unit, mean, half, with_ci);
  for (const char *p = text; *p != '\0'; p++)
    if (*p == ' ')
      g_string_append (out, NBSP);
    else
      g_string_append_c (out, *p);
}

/* "async-signal and sync-rpc, one run each (seed 1)" */
static char *
lesson_runs_summary (const Lesson *l)
{
  const Batch *b = l->batches->pdata[0];
  GString *s = g_string_new (NULL);
  bool used[STRATEGY_COUNT] = { false };
  size_t n = 0, k = 0;

  for (guint i = 0; i < l->batches->len; i++)
    {
      const Batch *bi = l->batches->pdata[i];

      for (size_t j = 0; j < bi->n_strategies; j++)
        used[bi->strategies[j]] = true;
    }
  for (int i = 0; i < STRATEGY_COUNT; i++)
    n += used[i];
  for (int i = 0; i < STRATEGY_COUNT; i++)
    if (used[i])
      g_string_append_printf (s, "%s%s", k++ == 0 ? "" : k == n ? " and " : ", ",
                              strategy_names[i]);
  if (l->batches->len > 1)
    g_string_append_printf (s, ", the scenario as it is and %u variant%s", l->batches->len - 1,
                            l->batches->len == 2 ? "" : "s");
  if (b->runs > 1)
    g_string_append_printf (s, ", %zu runs each (seeds %" PRIu64 "..%" PRIu64 "; mean ± "
                            "half-width of the 95 %% interval)", b->runs, b->seeds[0],
                            b->seeds[0] + b->runs - 1);
  else
    g_string_append_printf (s, ", one run each (seed %" PRIu64 ")", b->seeds[0]);
  return g_string_free (s, FALSE);
}

static void
lesson_print_answer (const Lesson *l, int width)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *summary = lesson_runs_summary (l);

  cli_printf (stdout, "\nAnswer\n");
  if (l->config->answer == NULL)
    cli_printf (stdout, "(this scenario has no answer)\n");
  else
    {
      answer_render (l->answer, &(AnswerRender) { lesson_render_literal, lesson_render_ref },
                     (void *) l, text);
      cli_print_wrapped (stdout, text->str, width);
    }
  {
    g_autofree char *runs = g_strdup_printf ("(The figures are those of these runs: %s; "
                                             "their tables follow.)", summary);

    fputc ('\n', stdout);
    cli_print_wrapped (stdout, runs, width);
  }
  for (guint i = 0; i < l->batches->len; i++)
    {
      g_autofree char *label = answer_variant_label (l->answer, i);

      if (i > 0)
        {
          /* A label of a long --set value is broken, not cut: it is the
           * only place that names the variant. */
          g_autofree char *with = g_strdup_printf ("\nWith %s:\n", label);
          g_autofree char *shown = escape_text (with, true);

          cli_put_fitted (stdout, shown);
        }
      else
        fputc ('\n', stdout);
      batch_report_text (l->batches->pdata[i], stdout);
    }
}

/* The lesson's header, lesson and question. */
static void
lesson_print_question (const Lesson *l, int width)
{
  const ScenarioConfig *c = l->config;
  char duration[32];

  {
    g_autofree char *head =
      g_strdup_printf ("Lesson %s: strategy %s, %s simulated, seed %" PRIu64 "\n  file %s\n\n",
                       c->name, strategy_names[c->strategy],
                       report_format_ns (duration, sizeof duration, c->duration), c->seed,
                       l->path);
    g_autofree char *shown = escape_text (head, true);

    cli_put_fitted (stdout, shown);
  }
  if (c->lesson != NULL && c->lesson[0] != '\0')
    cli_print_wrapped (stdout, c->lesson, width);
  else
    cli_printf (stdout, "(no lesson)\n");
  cli_printf (stdout, "\nQuestion\n");
  if (c->question != NULL && c->question[0] != '\0')
    cli_print_wrapped (stdout, c->question, width);
  else
    cli_printf (stdout, "(this scenario has no question)\n");
  if (!l->o->answer)
    {
      g_autofree char *predict = g_strdup_printf ("Predict, then check with 'mksim lesson %s "
                                                  "--answer'.", l->arg);

      fputc ('\n', stdout);
      cli_print_wrapped (stdout, predict, width);
    }
}

/* ---- lesson: the command ---------------------------------------------- */

/* The scenario of `arg`, loaded with the user's --set lines, and its answer. */
static MksimExit
lesson_load (Lesson *l)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *base = NULL;

  if (strcmp (l->arg, "-") == 0)
    return cli_usage_error ("lesson", "a lesson runs its scenario several times: give a file "
                            "or a bundled NAME, not standard input");
  l->path = cli_resolve_scenario (l->arg);
  base = g_path_get_basename (l->path);
  if (strcmp (base, SCHEMA_FILE) == 0)
    return cli_usage_error ("lesson", "that is the JSON Schema of scenarios, not a scenario");
  if (!g_file_test (l->path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *close = cli_closest_scenario (l->arg);
      g_autofree char *msg = g_strdup_printf ("no bundled scenario '%s'%s%s%s (see 'mksim list')",
                                              l->arg, close != NULL ? ": did you mean " : "",
                                              close != NULL ? close : "",
                                              close != NULL ? "?" : "");

      return cli_usage_error ("lesson", msg);
    }
  l->config = scenario_load_file (l->path, (const char *const *) l->o->sets, &error);
  if (l->config == NULL)
    {
      cli_put (stderr, error->message);
      fputc ('\n', stderr);
      return MKSIM_EXIT_USAGE;
    }
  cli_print_notes ("lesson", l->config);
  /* The loader parsed it already: it cannot fail here. */
  l->answer = answer_parse (l->config->answer != NULL ? l->config->answer : "", NULL);
  g_assert (l->answer != NULL);
  return MKSIM_EXIT_OK;
}

/* The plot set and the handout, before anything runs. */
static bool
lesson_open_outputs (Lesson *l)
{
  g_autoptr (GError) error = NULL;

  if (l->o->html != NULL)
    {
      l->handout = handout_open (l->o->html, &error);
      if (l->handout == NULL)
        {
          cli_message ("lesson", "%s", error->message);
          return false;
        }
    }
  if (l->o->plot == NULL && l->handout == NULL)
    return true;
  l->plots = plot_set_new (l->o->plot != NULL ? l->o->plot : handout_plot_dir (l->handout),
                           &error);
  if (l->plots == NULL)
    cli_message ("lesson", "%s", error->message);
  return l->plots != NULL;
}

/* The plots of batch 0 and the handout; each tried even if one failed. */
static MksimExit
lesson_write_outputs (Lesson *l)
{
  MksimExit status = MKSIM_EXIT_OK;
  g_autoptr (GError) error = NULL;

  if (l->plots != NULL && !compare_plots_compare (l->batches->pdata[0], l->plots))
    status = MKSIM_EXIT_FAILED;
  else if (l->o->plot != NULL)
    cli_message ("lesson", "plots %s '%s'", plot_set_drawing (l->plots) ? "drawn in"
                 : "(data and scripts only) written to", plot_set_dir (l->plots));
  if (l->handout != NULL)
    {
      g_autofree char *scenario_text = NULL;
      g_autofree char *heading = g_strdup_printf ("Lesson %s", l->config->name);
      g_autofree AnswerRun *runs = g_new (AnswerRun, l->batches->len);
      g_autoptr (GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < l->batches->len; i++)
        {
          g_autofree char *label = answer_variant_label (l->answer, i);

          runs[i] = (AnswerRun) { l->batches->pdata[i], l->answer, i };
          g_ptr_array_add (titles, i == 0 ? g_strdup ("The scenario as it is")
                                          : g_strdup_printf ("With %s", label));
        }
      if (!g_file_get_contents (l->path, &scenario_text, NULL, &error)
          || !handout_write (l->handout, &(HandoutPage) {
                               .heading = heading, .scenario = l->config,
                               .scenario_path = l->path, .scenario_text = scenario_text,
                               .sets = (const char *const *) l->o->sets,
                               .answer = l->answer, .runs = runs, .n_runs = l->batches->len,
                               .batches = (const Batch *const *) l->batches->pdata,
                               .titles = (const char *const *) titles->pdata,
                               .n_batches = l->batches->len, .plots = l->plots }, &error))
        {
          cli_message ("lesson", "%s", error->message);
          status = MKSIM_EXIT_FAILED;
        }
      else if (strcmp (l->o->html, "-") != 0)
        cli_message ("lesson", "handout written to '%s'%s", l->o->html,
                     l->o->answer ? "" : " (the answer is folded away in it)");
    }
  return status;
}

/* Runs every variant, prints the answer, writes the outputs. */
static MksimExit
lesson_answer (Lesson *l, int width)
{
  MksimExit status = MKSIM_EXIT_OK;

  l->batches = g_ptr_array_new_with_free_func (lesson_free_batch);
  l->set_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  if (!lesson_open_outputs (l))
    return MKSIM_EXIT_FAILED;
  interrupt_catch ();
  for (size_t v = 0; v < answer_n_variants (l->answer) && status == MKSIM_EXIT_OK; v++)
    {
      status = lesson_run_variant (l, v);
      if (status == MKSIM_EXIT_OK && interrupt_caught () != 0)
        status = interrupt_exit_status (interrupt_caught ());
    }
  if (status == MKSIM_EXIT_OK)
    {
      if (l->o->answer)
        lesson_print_answer (l, width);
      status = lesson_write_outputs (l);
    }
  interrupt_release ();
  if (interrupt_caught () != 0)
    {
      cli_message ("lesson", "interrupted by %s: nothing written",
                   interrupt_name (interrupt_caught ()));
      return interrupt_exit_status (interrupt_caught ());
    }
  for (guint i = 0; i < l->batches->len && status == MKSIM_EXIT_OK; i++)
    if (batch_incomplete (l->batches->pdata[i]))
      status = MKSIM_EXIT_FAILED;
  return status;
}

int
lesson_main (int argc, char **argv)
{
  g_auto (LessonOptions) o = { .runs = 1, .jobs = (int) g_get_num_processors () };
  const GOptionEntry entries[] = {
    { "answer", 0, 0, G_OPTION_ARG_NONE, &o.answer,
      "Run the scenario as the answer needs and print the answer with this run's figures",
      NULL },
    { "runs", 0, 0, G_OPTION_ARG_INT, &o.runs,
      "Replications of each run, on seeds seed, seed+1, ... (default 1)", "R" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &o.jobs,
      "Runs in parallel (default: the number of CPUs); results do not depend on it", "J" },
    { "set", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o.sets,
      "Change one value of the scenario first (kernel.ipc_timeout=50ms); repeatable",
      "PATH=VALUE" },
    { "html", 0, 0, G_OPTION_ARG_FILENAME, &o.html,
      "Write a handout to F: one HTML page with lesson, question, answer (folded), tables, "
      "plots and the scenario", "F" },
    { "plot", 0, 0, G_OPTION_ARG_FILENAME, &o.plot,
      "Draw the plots of the scenario as it is into folder DIR, as compare --plot", "DIR" },
    G_OPTION_ENTRY_NULL
  };
  g_auto (Lesson) l = { .o = &o };
  MksimExit status;
  int width = lesson_width () - 2;

  if (!cli_parse ("lesson", "NAME", "Print a lesson and its question; check the prediction "
                  "with --answer.",
                  "NAME is a bundled scenario ('hung-manager', see 'mksim list') or a\n"
                  "scenario file.  --answer runs what the answer quotes, one run per\n"
                  "strategy and variant (--runs R for more), and prints the answer with\n"
                  "the figures of these runs and their tables.  --html writes it all into one\n"
                  "page that opens offline, the answer folded away.\n"
                  "Exit status: 0 done; 1 a run stopped before its end or an output failed;\n"
                  "2 bad usage or scenario; 130 or 143 interrupted.",
                  entries, NULL, &argc, &argv))
    return MKSIM_EXIT_USAGE;
  if (argc != 2)
    return cli_usage_error ("lesson", argc < 2 ? "no NAME given (see 'mksim list')"
                                                : "give exactly one NAME");
  if (o.runs < 1 || o.runs > LESSON_MAX_RUNS)
    return cli_usage_error ("lesson", "--runs wants 1 to " G_STRINGIFY (LESSON_MAX_RUNS)
                            " replications");
  if (o.jobs < 1 || o.jobs > LESSON_MAX_JOBS)
    return cli_usage_error ("lesson", "--jobs wants 1 to " G_STRINGIFY (LESSON_MAX_JOBS)
                            " worker threads");
  if (cli_check_output_name ("lesson", "--html", o.html) != MKSIM_EXIT_OK)
    return MKSIM_EXIT_USAGE;
  if (o.plot != NULL && o.plot[0] == '\0')
    return cli_usage_error ("lesson", "--plot wants a folder name, not an empty one");
  if (o.html != NULL && strcmp (o.html, "-") == 0)
    return cli_usage_error ("lesson", "--html wants a file: the lesson itself goes to stdout");
  l.arg = argv[1];
  status = lesson_load (&l);
  if (status != MKSIM_EXIT_OK)
    return status;
  lesson_print_question (&l, width);
  if (o.answer || o.html != NULL || o.plot != NULL)
    status = lesson_answer (&l, width);
  if (!cli_flush_stdout ("lesson"))
    status = MAX (status, MKSIM_EXIT_FAILED);
  return status;
}
