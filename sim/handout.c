/* The handout page (see handout.h).  Everything a scenario or the command
 * line brings in is HTML-escaped, after its control characters were
 * escaped as the terminal shows them; the plots are gnuplot's SVG files,
 * inlined: their XML prologue and namespace declarations dropped (the HTML
 * parser puts inline <svg> in the SVG namespace by itself, and the page
 * then names no address at all), their ids prefixed per plot so that the
 * markers of one plot never resolve to another's. */
#include "sim/handout.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sim/cli.h"
#include "sim/engine/escape.h"
#include "sim/figures.h"
#include "sim/outfile.h"
#include "sim/report.h"
#include "sim/scenario.h"

#ifndef MKSIM_VERSION
#define MKSIM_VERSION "unknown"
#endif

struct _Handout {
  char *path;
  OutFile *file;                 /* NULL once committed */
  char *tmp_dir;                 /* the plots when the user named no folder */
};

/* The look of the page: readable on a screen and on paper, no fonts or
 * images fetched. */
static const char handout_css[] =
  "body{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;"
  "line-height:1.45;color:#222}\n"
  "h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;margin-top:2rem;"
  "border-bottom:1px solid #ccc}h3{font-size:1.05rem}\n"
  ".meta{color:#555;font-size:.9rem}\n"
  ".question{background:#f4f7fb;border-left:4px solid #4477aa;padding:.6rem 1rem}\n"
  "details{border:1px solid #bbb;border-radius:4px;padding:.5rem 1rem;margin:1rem 0}\n"
  "summary{cursor:pointer;font-weight:600}\n"
  ".fig{font-weight:600;white-space:nowrap}.missing{color:#a50f15}\n"
  "table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}\n"
  "th,td{border:1px solid #ccc;padding:.2rem .5rem}td{text-align:right;"
  "font-variant-numeric:tabular-nums;white-space:nowrap}th{text-align:left;background:#f3f3f3}\n"
  "figure{margin:1rem 0;page-break-inside:avoid}svg.plot{max-width:100%;height:auto}\n"
  "figcaption{color:#555;font-size:.85rem}\n"
  "pre{background:#f7f7f7;border:1px solid #ddd;padding:.6rem;overflow-x:auto;"
  "font-size:.8rem}\n"
  "@media print{details{border:none}details>summary{list-style:none}}\n";

Handout *
handout_open (const char *path, GError **error)
{
  g_autoptr (GError) local = NULL;
  Handout *h;
  char *tmp_dir;

  g_return_val_if_fail (path != NULL, NULL);
  if (strcmp (path, "-") == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "--html wants a file name: '-' (stdout) carries the text");
      return NULL;
    }
  tmp_dir = g_dir_make_tmp ("mksim-handout-XXXXXX", &local);
  if (tmp_dir == NULL)
    {
      g_set_error (error, G_FILE_ERROR, local->code, "cannot make a folder for the plots of "
                   "the handout: %s", local->message);
      return NULL;
    }
  h = g_new0 (Handout, 1);
  h->path = g_strdup (path);
  h->tmp_dir = tmp_dir;
  h->file = outfile_open (path, error);
  if (h->file == NULL)
    {
      handout_free (h);
      return NULL;
    }
  return h;
}

/* Removes the temporary folder and what the plots left in it (files only:
 * the plots make no folders). */
static void
handout_remove_tmp (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

void
handout_free (Handout *h)
{
  if (h == NULL)
    return;
  outfile_abort (h->file);
  if (h->tmp_dir != NULL)
    handout_remove_tmp (h->tmp_dir);
  g_free (h->tmp_dir);
  g_free (h->path);
  g_free (h);
}

const char *
handout_path (const Handout *h)
{
  return h->path;
}

const char *
handout_plot_dir (const Handout *h)
{
  return h->tmp_dir;
}

/* ---- text ------------------------------------------------------------- */

/* `len` bytes of `text` (-1: to its NUL), control characters but line
 * breaks and tabs escaped as the terminal shows them, then HTML-escaped. */
static void
html_text (GString *out, const char *text, gssize len)
{
  g_autofree char *part = len < 0 ? g_strdup (text) : g_strndup (text, (gsize) len);
  g_auto (GStrv) pieces = g_strsplit (part, "\t", -1);
  g_autoptr (GString) kept = g_string_new (NULL);
  g_autofree char *shown = NULL;

  for (char **piece = pieces; *piece != NULL; piece++)
    {
      if (piece != pieces)
        g_string_append_c (kept, '\t');
      escape_append (kept, *piece, true);
    }
  shown = g_strdup (kept->str);

  for (const char *p = shown; *p != '\0'; p++)
    switch (*p)
      {
      case '&': g_string_append (out, "&amp;"); break;
      case '<': g_string_append (out, "&lt;"); break;
      case '>': g_string_append (out, "&gt;"); break;
      case '"': g_string_append (out, "&quot;"); break;
      case '\'': g_string_append (out, "&#39;"); break;
      default: g_string_append_c (out, *p); break;
      }
}

static void
html_printf (GString *out, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Formatted text, escaped as html_text(). */
static void
html_printf (GString *out, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list ap;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  html_text (out, text, -1);
}

/* A figure for the page: as the tables write it, its spaces unbreakable. */
static void
html_figure (GString *out, FigureId f, double mean, double half, bool with_ci)
{
  g_autofree char *text = NULL;

  if (isnan (mean))
    {
      g_string_append (out, "-");
      return;
    }
  /* Our own text: digits, units and signs, nothing to escape. */
  text = figures_format (figures[f].unit, mean, half, with_ci);
  for (const char *p = text; *p != '\0'; p++)
    if (*p == ' ')
      g_string_append (out, "&nbsp;");
    else
      g_string_append_c (out, *p);
}

/* ---- the answer ------------------------------------------------------- */

typedef struct {
  const HandoutPage *page;
  size_t missing;                /* placeholders that no run of the page holds */
} HandoutAnswer;

static void
handout_answer_literal (GString *out, const char *text, size_t len, void *data)
{
  (void) data;
  html_text (out, text, (gssize) len);
}

static void
handout_answer_ref (GString *out, const AnswerRef *ref, void *data)
{
  HandoutAnswer *ha = data;
  const HandoutPage *page = ha->page;
  int own = (int) page->scenario->strategy;
  g_autofree char *label = answer_ref_label (page->answer, ref, own);
  double mean, half;
  bool with_ci;

  if (!answer_value (page->answer, ref, own, page->runs, page->n_runs, &mean, &half, &with_ci))
    {
      ha->missing++;
      g_string_append (out, "<span class=\"fig missing\" title=\"not among these runs\">[");
      html_text (out, label, -1);
      g_string_append (out, "]</span>");
      return;
    }
  g_string_append (out, "<span class=\"fig\" title=\"");
  html_text (out, label, -1);
  g_string_append (out, "\">");
  html_figure (out, ref->figure, mean, half, with_ci);
  g_string_append (out, "</span>");
}

static void
handout_lesson (GString *out, const HandoutPage *page)
{
  const ScenarioConfig *c = page->scenario;

  if (c->lesson != NULL && c->lesson[0] != '\0')
    {
      g_string_append (out, "<section id=\"lesson\">\n<h2>Lesson</h2>\n<p>");
      html_text (out, c->lesson, -1);
      g_string_append (out, "</p>\n</section>\n");
    }
  if (c->question != NULL && c->question[0] != '\0')
    {
      g_string_append (out, "<section id=\"question\">\n<h2>Question</h2>\n"
                       "<p class=\"question\">");
      html_text (out, c->question, -1);
      g_string_append (out, "</p>\n<p class=\"meta\">Write down your prediction before you "
                       "open the answer.</p>\n</section>\n");
    }
  if (page->answer != NULL && c->answer != NULL)
    {
      HandoutAnswer ha = { page, 0 };

      g_string_append (out, "<details id=\"answer\">\n<summary>Answer</summary>\n<p>");
      answer_render (page->answer, &(AnswerRender) { handout_answer_literal, handout_answer_ref },
                     &ha, out);
      g_string_append (out, "</p>\n");
      if (ha.missing > 0)
        {
          g_string_append (out, "<p class=\"meta\">The figures in brackets are not among "
                           "the runs of this page; 'mksim lesson ");
          html_text (out, c->name, -1);
          g_string_append (out, " --answer' runs them.</p>\n");
        }
      g_string_append (out, "</details>\n");
    }
}

/* ---- tables ----------------------------------------------------------- */

static void
handout_batch_heading (GString *out, const Batch *b)
{
  g_string_append (out, "<p class=\"meta\">");
  html_printf (out, "%zu strateg%s", b->n_strategies, b->n_strategies == 1 ? "y" : "ies");
  if (b->param != NULL)
    html_printf (out, " × %zu values of %s", b->n_values, b->param);
  if (b->runs > 1)
    html_printf (out, ", %zu runs each (seeds %" PRIu64 "..%" PRIu64 "); each figure is the "
                 "mean ± the half-width of its 95 %% confidence interval", b->runs, b->seeds[0],
                 b->seeds[0] + b->runs - 1);
  else
    html_printf (out, ", one run each (seed %" PRIu64 ")", b->seeds[0]);
  if (b->skipped_local_rm)
    html_text (out, "; local-region-mapper is left out: it does not apply to GUI delivery", -1);
  if (b->n_incomplete > 0)
    html_printf (out, "; %zu run%s stopped before the end", b->n_incomplete,
                 b->n_incomplete == 1 ? "" : "s");
  g_string_append (out, ".</p>\n");
}

static void
handout_table_head (GString *out, const Batch *b, const char *corner)
{
  g_string_append (out, "<thead><tr><th>");
  html_text (out, corner, -1);
  g_string_append (out, "</th>");
  for (size_t s = 0; s < b->n_strategies; s++)
    {
      g_string_append (out, "<th scope=\"col\">");
      html_text (out, batch_strategy_name (b, s), -1);
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr></thead>\n");
}

static void
handout_table_row (GString *out, const Batch *b, size_t value, FigureId f, const char *head)
{
  g_string_append (out, "<tr><th scope=\"row\">");
  html_text (out, head, -1);
  g_string_append (out, "</th>");
  for (size_t s = 0; s < b->n_strategies; s++)
    {
      size_t cell = batch_cell (b, value, s, f);

      g_string_append (out, "<td>");
      html_figure (out, f, b->mean[cell], b->half[cell], b->runs > 1);
      g_string_append (out, "</td>");
    }
  g_string_append (out, "</tr>\n");
}

/* compare's table: a row per figure shown, a column per strategy; a
 * sweep's: one such table per figure, a row per value. */
static void
handout_batch_tables (GString *out, const Batch *b)
{
  size_t hidden = 0;

  handout_batch_heading (out, b);
  if (b->param == NULL)
    {
      g_string_append (out, "<table class=\"figures\">\n");
      handout_table_head (out, b, "figure");
      g_string_append (out, "<tbody>\n");
    }
  for (size_t k = 0; k < b->n_compared; k++)
    {
      FigureId f = b->compared[k];

      if (!batch_figure_shown (b, f))
        {
          hidden++;
          continue;
        }
      if (b->param == NULL)
        {
          handout_table_row (out, b, 0, f, figures[f].label);
          continue;
        }
      g_string_append (out, "<table class=\"figures\">\n<caption>");
      html_printf (out, "%s (%s)", figures[f].label, figures[f].key);
      g_string_append (out, "</caption>\n");
      handout_table_head (out, b, b->param);
      g_string_append (out, "<tbody>\n");
      for (size_t v = 0; v < b->n_values; v++)
        handout_table_row (out, b, v, f, b->values[v]);
      g_string_append (out, "</tbody></table>\n");
    }
  if (b->param == NULL)
    g_string_append (out, "</tbody></table>\n");
  if (hidden > 0)
    {
      g_string_append (out, "<p class=\"meta\">");
      html_printf (out, "%zu figures that are 0 under every strategy are not shown; all are in "
                   "--json.", hidden);
      g_string_append (out, "</p>\n");
    }
}

/* ---- plots ------------------------------------------------------------ */

/* Appends `svg` (a gnuplot SVG file) as an inline <svg> element whose ids
 * begin with `prefix`; false if it holds no <svg> element. */
static bool
handout_inline_svg (GString *out, const char *svg, const char *prefix, const char *name)
{
  static const char *const id_forms[] = { " id='", " id=\"", "href='#", "href=\"#", "url(#" };
  const char *start = strstr (svg, "<svg"), *tag_end, *end;
  g_autoptr (GString) body = NULL;
  g_auto (GStrv) attrs = NULL;

  end = start != NULL ? g_strrstr (start, "</svg>") : NULL;
  tag_end = start != NULL ? strchr (start, '>') : NULL;
  if (end == NULL || tag_end == NULL || tag_end > end)
    return false;
  /* The start tag, without its namespace declarations. */
  g_string_append (out, "<svg class=\"plot\" role=\"img\" aria-label=\"");
  html_text (out, name, -1);
  g_string_append_c (out, '"');
  {
    g_autofree char *inner = g_strndup (start + strlen ("<svg"),
                                        (gsize) (tag_end - start - strlen ("<svg")));

    attrs = g_strsplit_set (inner, " \t\r\n", -1);
  }
  for (char **a = attrs; *a != NULL; a++)
    if (**a != '\0' && !g_str_has_prefix (*a, "xmlns"))
      g_string_append_printf (out, " %s", *a);
  g_string_append_c (out, '>');
  /* The rest, every id and every reference to one prefixed; scripts out. */
  body = g_string_new_len (tag_end + 1, end - tag_end - 1);
  for (size_t i = 0; i < G_N_ELEMENTS (id_forms); i++)
    {
      g_autofree char *with = g_strconcat (id_forms[i], prefix, "-", NULL);

      g_string_replace (body, id_forms[i], with, 0);
    }
  for (char *s; (s = strstr (body->str, "<script")) != NULL;)
    {
      char *e = strstr (s, "</script>");
      gssize at = s - body->str;

      g_string_erase (body, at, e != NULL ? e + strlen ("</script>") - s : -1);
    }
  g_string_append_len (out, body->str, (gssize) body->len);
  g_string_append (out, "</svg>");
  return true;
}

static bool
handout_plots (GString *out, const PlotSet *plots, GError **error)
{
  size_t n = 0;
  const char *const *drawn = plot_set_drawn (plots, &n);

  g_string_append (out, "<section id=\"plots\">\n<h2>Plots</h2>\n");
  if (n == 0)
    g_string_append (out, "<p class=\"meta\">No plots: gnuplot was not found, so only their "
                     "data and scripts were written.</p>\n");
  for (size_t i = 0; i < n; i++)
    {
      g_autofree char *file = g_strdup_printf ("%s.svg", drawn[i]);
      g_autofree char *path = plot_set_path (plots, file);
      g_autofree char *svg = NULL;
      g_autofree char *prefix = g_strdup_printf ("p%zu", i + 1);

      if (!g_file_get_contents (path, &svg, NULL, error))
        return false;
      g_string_append (out, "<figure>\n");
      if (!handout_inline_svg (out, svg, prefix, drawn[i]))
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, "the plot '%s' holds no SVG "
                       "picture", path);
          return false;
        }
      g_string_append (out, "\n<figcaption>");
      html_text (out, drawn[i], -1);
      g_string_append (out, "</figcaption>\n</figure>\n");
    }
  g_string_append (out, "</section>\n");
  return true;
}

/* ---- the page --------------------------------------------------------- */

static void
handout_header (GString *out, const HandoutPage *page)
{
  const ScenarioConfig *c = page->scenario;
  char duration[32];

  g_string_append (out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<title>mksim: ");
  html_text (out, page->heading, -1);
  g_string_append_printf (out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>",
                          handout_css);
  html_text (out, page->heading, -1);
  g_string_append (out, "</h1>\n<p class=\"meta\">");
  html_printf (out, "Scenario %s, strategy %s, %s simulated, seed %" PRIu64 "; file %s",
               c->name, strategy_names[c->strategy],
               report_format_ns (duration, sizeof duration, c->duration), c->seed,
               page->scenario_path);
  for (const char *const *s = page->sets; s != NULL && *s != NULL; s++)
    html_printf (out, "; --set %s", *s);
  g_string_append (out, ".</p>\n</header>\n");
}

bool
handout_write (Handout *h, const HandoutPage *page, GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);

  g_return_val_if_fail (h->file != NULL, false);
  handout_header (out, page);
  handout_lesson (out, page);
  if (page->n_batches > 0)
    g_string_append (out, "<section id=\"figures\">\n<h2>Figures</h2>\n");
  for (size_t i = 0; i < page->n_batches; i++)
    {
      if (page->titles != NULL && page->titles[i] != NULL)
        {
          g_string_append (out, "<h3>");
          html_text (out, page->titles[i], -1);
          g_string_append (out, "</h3>\n");
        }
      handout_batch_tables (out, page->batches[i]);
    }
  if (page->n_batches > 0)
    g_string_append (out, "</section>\n");
  if (page->plots != NULL && !handout_plots (out, page->plots, error))
    return false;
  g_string_append (out, "<section id=\"scenario\">\n<h2>Scenario</h2>\n<pre>");
  html_text (out, page->scenario_text != NULL ? page->scenario_text : "", -1);
  g_string_append (out, "</pre>\n</section>\n<footer class=\"meta\">Written by mksim "
                   MKSIM_VERSION ".</footer>\n</body>\n</html>\n");
  fputs (out->str, outfile_stream (h->file));
  return outfile_commit (g_steal_pointer (&h->file), error);
}

bool
handout_write_batch (Handout *h, const Batch *b, const PlotSet *plots)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *heading = NULL;
  g_autoptr (Answer) answer = NULL;
  ScenarioConfig *c;
  bool ok;

  if (b->interrupted != 0)
    {
      cli_message (b->command, "no handout written: the batch was interrupted");
      return true;
    }
  if (strcmp (b->path, "-") == 0)
    {
      c = scenario_load_data ("<stdin>", b->stdin_text, b->stdin_len, b->sets, &error);
      text = g_strndup (b->stdin_text, b->stdin_len);
    }
  else if (g_file_get_contents (b->path, &text, NULL, &error))
    c = scenario_load_file (b->path, b->sets, &error);
  else
    c = NULL;
  if (c == NULL)
    {
      cli_message (b->command, "cannot write the handout: %s", error->message);
      return false;
    }
  answer = c->answer != NULL ? answer_parse (c->answer, NULL) : NULL;
  heading = b->param != NULL ? g_strdup_printf ("sweep of %s over %s", c->name, b->param)
                             : g_strdup_printf ("compare of %s", c->name);
  ok = handout_write (h, &(HandoutPage) {
                        .heading = heading, .scenario = c, .scenario_path = b->path,
                        .scenario_text = text, .sets = b->sets, .answer = answer,
                        .runs = &(AnswerRun) { b, NULL, 0 }, .n_runs = 1,
                        .batches = &b, .n_batches = 1, .plots = plots }, &error);
  if (!ok)
    cli_message (b->command, "cannot write the handout: %s", error->message);
  scenario_free (c);
  return ok;
}
