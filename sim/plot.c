/* The gnuplot driver: data files, self-contained scripts made of a header of
 * variables plus the templates of plots/, and gnuplot run on them by argv.
 * See plot.h for what may reach a script and how it is kept inert.
 *
 * A script draws its PNG first and then, with `replot`, its SVG, so each
 * figure is a single plot command in its template; only the panels, a
 * multiplot that replot cannot repeat, are drawn twice.  PNG uses the cairo
 * terminal when this gnuplot has it (anti-aliased, UTF-8 labels), else the
 * plain libgd one.  Terminals are `noenhanced`: enhanced text would read
 * '_' and '^' in names as sub- and superscripts. */
#include "sim/plot.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "models/result.h"
#include "sim/cli.h"
#include "sim/outfile.h"
#include "sim/timeline.h"

#define PLOT_STYLE        "style.gp"  /* the template every script starts with */
#define PLOT_SANITIZE_MAX 60        /* bytes of a sanitized name */
#define PLOT_ELLIPSIS     "..."     /* where a long name was shortened */
#define PLOT_CDF_POINTS   4000      /* points per CDF curve at most */
#define PLOT_KEY_BESIDE_MAX 24      /* characters of a series name in a key beside a plot */
#define PLOT_WIDTH        1000      /* pixels of a PNG (SVG alike) */
#define PLOT_HEIGHT       600
/* A timeline grows with its threads, up to a height a screen can scroll. */
#define PLOT_TIMELINE_FRAME   160   /* pixels of title, axis and key */
#define PLOT_TIMELINE_ROW     26    /* pixels per thread */
#define PLOT_TIMELINE_HEIGHT_MAX 2400
/* Panels: a line of panels is as tall as a third of a plain figure's
 * width, plus the title. */
#define PLOT_PANELS_FRAME     40
#define PLOT_PANELS_LINE      330

struct _PlotSet {
  char *dir;
  char *gnuplot;        /* NULL: data and scripts only */
  char *templates;      /* the folder holding PLOT_STYLE and the figures */
  bool pngcairo;
  GPtrArray *drawn;     /* char *: the figures whose images were drawn, in order */
};

/* ---- finding things --------------------------------------------------- */

/* $MKSIM_GNUPLOT names the program ("" = none, for testing the fallback). */
static char *
plot_find_gnuplot (void)
{
  const char *env = g_getenv ("MKSIM_GNUPLOT");

  if (env != NULL)
    return env[0] != '\0' ? g_find_program_in_path (env) : NULL;
  return g_find_program_in_path ("gnuplot");
}

static bool
plot_has_pngcairo (const char *gnuplot)
{
  const char *argv[] = { gnuplot, "-e", "set terminal pngcairo", NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, NULL))
    return false;
  return g_spawn_check_wait_status (status, NULL);
}

PlotSet *
plot_set_new (const char *dir, GError **error)
{
  g_autofree char *templates = cli_data_dir ("MKSIM_PLOTS", "plots", PLOT_STYLE);
  g_autofree char *style = g_build_filename (templates, PLOT_STYLE, NULL);
  PlotSet *p;

  g_return_val_if_fail (dir != NULL, NULL);
  if (!g_file_test (style, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "the plot templates are missing (no %s); set MKSIM_PLOTS to the plots/ "
                   "folder of mksim", style);
      return NULL;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   "cannot create the plot folder '%s': %s", dir, g_strerror (errsv));
      return NULL;
    }
  p = g_new0 (PlotSet, 1);
  p->dir = g_strdup (dir);
  p->templates = g_steal_pointer (&templates);
  p->drawn = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (p->drawn, NULL);
  p->gnuplot = plot_find_gnuplot ();
  if (p->gnuplot != NULL)
    p->pngcairo = plot_has_pngcairo (p->gnuplot);
  else
    {
      g_autofree char *shown = escape_text (dir, false);

      fprintf (stderr, "mksim: gnuplot not found: writing the plot data and scripts to '%s' "
               "without images (install gnuplot-nox, then run 'gnuplot NAME.gp' there)\n",
               shown);
    }
  return p;
}

void
plot_set_free (PlotSet *p)
{
  if (p == NULL)
    return;
  g_free (p->dir);
  g_free (p->gnuplot);
  g_free (p->templates);
  g_ptr_array_unref (p->drawn);
  g_free (p);
}

const char *
plot_set_dir (const PlotSet *p)
{
  return p->dir;
}

bool
plot_set_drawing (const PlotSet *p)
{
  return p->gnuplot != NULL;
}

char *
plot_set_path (const PlotSet *p, const char *name)
{
  return g_build_filename (p->dir, name, NULL);
}

const char *const *
plot_set_drawn (const PlotSet *p, size_t *n)
{
  *n = p->drawn->len - 1;
  return (const char *const *) p->drawn->pdata;
}

/* ---- text ------------------------------------------------------------- */

static bool
plot_safe_byte (unsigned char c)
{
  return g_ascii_isalnum (c) || c == ' ' || c == '.' || c == '_' || c == '-' || c == '['
         || c == ']';
}

/* Drops trailing blanks of `s`. */
static void
plot_trim_end (GString *s)
{
  while (s->len > 0 && s->str[s->len - 1] == ' ')
    g_string_truncate (s, s->len - 1);
}

/* A long name is shortened in the middle, not at the end: what tells
 * names apart is often at the end, like the "[3]" of thread
 * "app.worker[3]" among its siblings. */
char *
plot_sanitize (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const unsigned char *p = (const unsigned char *) (text != NULL ? text : ""); *p; p++)
    {
      char c = plot_safe_byte (*p) ? (char) *p : ' ';

      if (c == ' ' && (s->len == 0 || s->str[s->len - 1] == ' '))
        continue;
      g_string_append_c (s, c);
    }
  plot_trim_end (s);
  if (s->len > PLOT_SANITIZE_MAX)
    {
      /* Every byte is ASCII now, so any cut is between characters. */
      size_t tail = (PLOT_SANITIZE_MAX - strlen (PLOT_ELLIPSIS)) / 2;
      size_t head = PLOT_SANITIZE_MAX - strlen (PLOT_ELLIPSIS) - tail;
      g_autofree char *end = g_strdup (s->str + s->len - tail);

      g_string_truncate (s, head);
      plot_trim_end (s);
      g_string_append (s, PLOT_ELLIPSIS);
      g_string_append (s, end + strspn (end, " "));
    }
  if (s->len == 0)
    g_string_assign (s, "unnamed");
  return g_string_free (s, FALSE);
}

char *
plot_script_string (const char *text)
{
  GString *s = g_string_new ("'");

  for (const unsigned char *p = (const unsigned char *) (text != NULL ? text : ""); *p; p++)
    {
      /* Single quotes stop backquote and macro expansion, but a byte that
       * ends the line would end the string too; the rest is belt and braces. */
      if (*p < 0x20 || *p == 0x7f || *p == '`' || *p == '@' || *p == '\\')
        continue;
      if (*p == '\'')
        g_string_append_c (s, '\'');
      g_string_append_c (s, (char) *p);
    }
  g_string_append_c (s, '\'');
  return g_string_free (s, FALSE);
}

/* Text for a comment line of a script or data file: nothing in it may end
 * the line. */
static char *
plot_comment (const char *text)
{
  char *s = g_strdup (text != NULL ? text : "");

  for (char *p = s; *p != '\0'; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  return s;
}

/* ---- script pieces ---------------------------------------------------- */

static void
var_string (GString *s, const char *name, const char *value)
{
  g_autofree char *q = plot_script_string (value);

  g_string_append_printf (s, "%s = %s\n", name, q);
}

static void
var_int (GString *s, const char *name, long value)
{
  g_string_append_printf (s, "%s = %ld\n", name, value);
}

static void
var_double (GString *s, const char *name, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (s, "%s = %s\n", name, g_ascii_formatd (buf, sizeof buf, "%.9g", value));
}

static void
var_array (GString *s, const char *name, const char *const *items, size_t n)
{
  g_string_append_printf (s, "array %s[%zu] = [", name, n);
  for (size_t i = 0; i < n; i++)
    {
      g_autofree char *q = plot_script_string (items[i]);

      g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", q);
    }
  g_string_append (s, "]\n");
}

static void
var_int_array (GString *s, const char *name, const int *items, size_t n)
{
  g_string_append_printf (s, "array %s[%zu] = [", name, n);
  for (size_t i = 0; i < n; i++)
    g_string_append_printf (s, "%s%d", i > 0 ? ", " : "", items[i]);
  g_string_append (s, "]\n");
}

static void
var_double_array (GString *s, const char *name, const double *items, size_t n)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (s, "array %s[%zu] = [", name, n);
  for (size_t i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? ", " : "",
                            g_ascii_formatd (buf, sizeof buf, "%.9g", items[i]));
  g_string_append (s, "]\n");
}

static void
var_text (GString *s, const PlotText *text, const char *datafile)
{
  var_string (s, "fig_title", text->title);
  var_string (s, "fig_xlabel", text->xlabel);
  var_string (s, "fig_ylabel", text->ylabel);
  var_string (s, "datafile", datafile);
}

/* The first lines of a data file: what it holds, as comments. */
static void
dat_header (GString *dat, const PlotText *text, const char *columns)
{
  g_autofree char *title = plot_comment (text->title);
  g_autofree char *xlabel = plot_comment (text->xlabel);
  g_autofree char *ylabel = plot_comment (text->ylabel);

  g_string_append_printf (dat, "# %s\n# x: %s\n# y: %s\n# columns: %s\n", title, xlabel,
                          ylabel, columns);
}

/* A number for a data file: C locale, "?" (gnuplot's missing) if not finite. */
static void
dat_double (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (s, ' ');
  if (!isfinite (v))
    g_string_append_c (s, '?');
  else
    g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.9g", v));
}

static bool
plot_read_template (const PlotSet *p, const char *file, char **text, GError **error)
{
  g_autofree char *path = g_build_filename (p->templates, file, NULL);

  return g_file_get_contents (path, text, NULL, error);
}

static bool
plot_write (const PlotSet *p, const char *file, const char *text, GError **error)
{
  g_autofree char *path = plot_set_path (p, file);

  return outfile_write (path, text, error);
}

/* How a script draws its SVG after its PNG. */
typedef enum {
  PLOT_SVG_REPLOT,      /* `replot`: one plot command */
  PLOT_SVG_REDRAW,      /* the figure again: a multiplot, which replot cannot repeat */
} PlotSvg;

/* The script of figure NAME: what it draws, its variables, the PNG
 * terminal, the style and the figure's template, then the SVG. */
static char *
plot_script (const PlotSet *p, const char *name, const char *what, const char *vars,
             const char *style, const char *template, const char *figure, int height,
             PlotSvg svg_by)
{
  g_autofree char *safe_what = plot_comment (what);
  g_autofree char *png_file = g_strdup_printf ("%s.png", name);
  g_autofree char *svg_file = g_strdup_printf ("%s.svg", name);
  g_autofree char *png = plot_script_string (png_file);
  g_autofree char *svg = plot_script_string (svg_file);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "# %s, drawn by mksim.  Redraw with: gnuplot %s.gp\n"
                          "# The data is %s.dat beside this file.\n\n", safe_what, name, name);
  g_string_append (s, "# ---- this figure ----\n");
  g_string_append (s, vars);
  g_string_append_printf (s, "\n# ---- the picture: %s.png, then %s.svg ----\n", name, name);
  g_string_append_printf (s, "set terminal %s size %d,%d noenhanced%s\n",
                          p->pngcairo ? "pngcairo" : "png", PLOT_WIDTH, height,
                          p->pngcairo ? " font 'Sans,11'" : "");
  g_string_append_printf (s, "set output %s\n", png);
  g_string_append_printf (s, "\n# ---- style (plots/%s) ----\n%s", PLOT_STYLE, style);
  g_string_append_printf (s, "\n# ---- figure (plots/%s) ----\n%s", template, figure);
  g_string_append_printf (s, "\nset terminal svg size %d,%d noenhanced font 'Sans,11' "
                          "background '#ffffff'\n", PLOT_WIDTH, height);
  g_string_append_printf (s, "set output %s\n", svg);
  switch (svg_by)
    {
    case PLOT_SVG_REPLOT:
      g_string_append (s, "replot\n");
      break;
    case PLOT_SVG_REDRAW:
      g_string_append_printf (s, "\n# ---- the figure again (plots/%s) ----\n%s", template,
                              figure);
      break;
    }
  g_string_append (s, "unset output\n");
  return g_string_free (s, FALSE);
}

/* Runs gnuplot on `script_name` inside the plot folder. */
static bool
plot_run_gnuplot (const PlotSet *p, const char *script_name, GError **error)
{
  const char *argv[] = { p->gnuplot, script_name, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;

  if (!g_spawn_sync (p->dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, error))
    return false;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "gnuplot failed on %s/%s:\n%s", p->dir, script_name,
                   err != NULL ? g_strchomp (err) : "");
      return false;
    }
  return true;
}

/* Writes NAME.gp from `vars` and the template, and draws it if it can. */
static bool
plot_render (PlotSet *p, const char *name, const char *what, const char *vars,
             const char *template, int height, PlotSvg svg_by, GError **error)
{
  g_autofree char *style = NULL, *figure = NULL, *script = NULL;
  g_autofree char *script_name = g_strdup_printf ("%s.gp", name);

  if (!plot_read_template (p, PLOT_STYLE, &style, error)
      || !plot_read_template (p, template, &figure, error))
    return false;
  script = plot_script (p, name, what, vars, style, template, figure, height, svg_by);
  if (!plot_write (p, script_name, script, error))
    return false;
  if (p->gnuplot == NULL)
    return true;
  if (!plot_run_gnuplot (p, script_name, error))
    return false;
  /* Kept NULL-terminated. */
  p->drawn->pdata[p->drawn->len - 1] = g_strdup (name);
  g_ptr_array_add (p->drawn, NULL);
  return true;
}

/* ---- figures ---------------------------------------------------------- */

/* The cases a curve is a fraction of. */
static size_t
cdf_total (const PlotCdf *c)
{
  return MAX (c->n, c->n_total);
}

/* The x axis of a CDF: from the smallest sample to the decade above the
 * largest, so that a curve that stops below 1 visibly stays there. */
static void
cdf_xrange (const PlotCdf *series, size_t n_series, double scale, double *lo, double *hi)
{
  double top = 0, bottom = INFINITY;

  for (size_t i = 0; i < n_series; i++)
    if (series[i].n > 0)
      {
        bottom = MIN (bottom, MAX (scale, scale * (double) series[i].samples[0]));
        top = MAX (top, MAX (scale, scale * (double) series[i].samples[series[i].n - 1]));
      }
  if (!isfinite (bottom))
    bottom = top = scale;
  *lo = bottom;
  *hi = pow (10, floor (log10 (top)) + 1);
}

/* One curve as a block of `dat`: (x, fraction of all cases at or below x). */
static void
cdf_write_curve (GString *dat, const PlotCdf *c, double scale, double x_lo, double x_hi)
{
  size_t step = MAX ((size_t) 1, c->n / PLOT_CDF_POINTS);
  double total = (double) cdf_total (c);
  /* The x axis is logarithmic: nothing may be at or below 0. */
  double floor_x = scale * 1.0;

  dat_double (dat, c->n > 0 ? MAX (floor_x, scale * (double) c->samples[0]) : x_lo);
  dat_double (dat, 0.0);
  g_string_append_c (dat, '\n');
  for (size_t k = 0; k < c->n; k++)
    {
      /* The last of equal values carries the step; thin the rest. */
      bool last = k + 1 == c->n;

      if (!last && (c->samples[k + 1] == c->samples[k] || (k + 1) % step != 0))
        continue;
      dat_double (dat, MAX (floor_x, scale * (double) c->samples[k]));
      dat_double (dat, (double) (k + 1) / total);
      g_string_append_c (dat, '\n');
    }
  if (c->n < cdf_total (c))
    {
      /* What never got a latency is not further right: it is never. */
      dat_double (dat, x_hi);
      dat_double (dat, (double) c->n / total);
      g_string_append_c (dat, '\n');
    }
}

/* The figure of a distribution from `template` (cdf.gp or tail.gp, which
 * read the same data). */
static bool
plot_distribution (PlotSet *p, const char *name, const PlotText *text, const PlotCdf *series,
                   size_t n_series, double scale, const char *template, GError **error)
{
  g_autoptr (GString) dat = g_string_new (NULL);
  g_autoptr (GString) vars = g_string_new (NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *datafile = g_strdup_printf ("%s.dat", name);
  double x_lo, x_hi;
  size_t most = 1;

  cdf_xrange (series, n_series, scale, &x_lo, &x_hi);
  dat_header (dat, text, "x, fraction of all cases (with a sample or not) at or below x; "
              "one block per curve");
  for (size_t i = 0; i < n_series; i++)
    {
      const PlotCdf *c = &series[i];
      g_autofree char *comment = plot_comment (c->label != NULL ? c->label : c->name);

      if (cdf_total (c) == 0)
        continue;
      if (names->len > 0)
        g_string_append (dat, "\n\n");
      g_string_append_printf (dat, "# %s: %zu samples of %zu cases\n", comment, c->n,
                              cdf_total (c));
      g_ptr_array_add (names, (gpointer) c->name);
      g_ptr_array_add (labels, (gpointer) (c->label != NULL ? c->label : c->name));
      most = MAX (most, cdf_total (c));
      cdf_write_curve (dat, c, scale, x_lo, x_hi);
    }
  if (names->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "no samples for the %s figure", name);
      return false;
    }
  if (!plot_write (p, datafile, dat->str, error))
    return false;
  var_text (vars, text, datafile);
  var_array (vars, "names", (const char *const *) names->pdata, names->len);
  var_array (vars, "labels", (const char *const *) labels->pdata, labels->len);
  var_double (vars, "xmax", x_hi);
  /* Below the smallest share one case can be: where a finished curve ends. */
  var_double (vars, "ymin", pow (10, floor (log10 (0.5 / (double) most))));
  return plot_render (p, name, text->title, vars->str, template, PLOT_HEIGHT, PLOT_SVG_REPLOT,
                      error);
}

bool
plot_cdf (PlotSet *p, const char *name, const PlotText *text, const PlotCdf *series,
          size_t n_series, double scale, GError **error)
{
  return plot_distribution (p, name, text, series, n_series, scale, "cdf.gp", error);
}

bool
plot_cdf_tail (PlotSet *p, const char *name, const PlotText *text, const PlotCdf *series,
               size_t n_series, double scale, GError **error)
{
  return plot_distribution (p, name, text, series, n_series, scale, "tail.gp", error);
}

static bool
table_all_zero (const PlotTable *t)
{
  for (size_t i = 0; i < t->n_rows * t->n_series; i++)
    if (t->mean[i] != 0)
      return false;
  return true;
}

static bool
table_any_ci (const PlotTable *t)
{
  for (size_t i = 0; i < t->n_rows * t->n_series; i++)
    if (t->ci[i] != 0)
      return true;
  return false;
}

/* Series names too long for a key beside the plot, which would squeeze it. */
static bool
table_long_names (const PlotTable *t)
{
  for (size_t i = 0; i < t->n_series; i++)
    if (g_utf8_strlen (t->series[i], -1) > PLOT_KEY_BESIDE_MAX)
      return true;
  return false;
}

/* Columns: x, "label", then mean and CI per series. */
static void
table_write (GString *dat, const PlotTable *t, const PlotText *text, bool with_x)
{
  g_autoptr (GString) columns = g_string_new (with_x ? "x, label" : "label");

  for (size_t s = 0; s < t->n_series; s++)
    {
      g_autofree char *series = plot_comment (t->series[s]);

      g_string_append_printf (columns, ", %s mean, %s ci95", series, series);
    }
  dat_header (dat, text, columns->str);
  for (size_t r = 0; r < t->n_rows; r++)
    {
      g_autofree char *label = plot_sanitize (t->row_labels[r]);

      if (with_x)
        {
          dat_double (dat, t->x != NULL ? t->x[r] : (double) r);
          g_string_append_c (dat, ' ');
        }
      /* Sanitized text holds no '"': safe inside a quoted data column. */
      g_string_append_printf (dat, "\"%s\"", label);
      for (size_t s = 0; s < t->n_series; s++)
        {
          dat_double (dat, t->mean[r * t->n_series + s]);
          dat_double (dat, t->ci[r * t->n_series + s]);
        }
      g_string_append_c (dat, '\n');
    }
}

/* The y range, so that error bars fit (gnuplot scales to the means only)
 * and a log axis spans whole decades. */
static void
table_yrange (const PlotTable *t, bool logy, double *lo, double *hi)
{
  double top = 0, bottom = INFINITY;

  for (size_t i = 0; i < t->n_rows * t->n_series; i++)
    if (isfinite (t->mean[i]))
      {
        top = MAX (top, t->mean[i] + (isfinite (t->ci[i]) ? t->ci[i] : 0));
        if (t->mean[i] > 0)
          {
            double low = t->mean[i] - (isfinite (t->ci[i]) ? t->ci[i] : 0);

            bottom = MIN (bottom, low > 0 ? low : t->mean[i]);
          }
      }
  if (top <= 0)
    {
      *lo = 0;
      *hi = 1;
    }
  else if (logy && isfinite (bottom))
    {
      *lo = pow (10, floor (log10 (bottom)));
      *hi = pow (10, ceil (log10 (top * 1.5)));
    }
  else
    {
      *lo = 0;
      *hi = top * 1.12;
    }
}

static void
table_vars (GString *vars, const PlotTable *t, const PlotText *text, const char *datafile)
{
  bool logy = t->logy && !table_all_zero (t);
  double lo, hi;

  table_yrange (t, logy, &lo, &hi);
  var_text (vars, text, datafile);
  var_array (vars, "series", t->series, t->n_series);
  var_int (vars, "strategies", t->series_are_strategies);
  /* The strategy and the part of each series (plot.h, PlotTable). */
  {
    g_autofree int *parts = g_new0 (int, t->n_series);

    if (t->series_part != NULL)
      memcpy (parts, t->series_part, t->n_series * sizeof *parts);
    var_array (vars, "colour_of",
               t->series_strategy != NULL ? t->series_strategy : t->series, t->n_series);
    var_int_array (vars, "parts", parts, t->n_series);
  }
  var_int (vars, "with_ci", table_any_ci (t));
  var_int (vars, "logx", t->logx);
  var_int (vars, "logy", logy);
  var_int (vars, "key_below", table_long_names (t));
  var_int (vars, "allzero", table_all_zero (t));
  var_double (vars, "ymin", lo);
  var_double (vars, "ymax", hi);
}

/* A figure of a table: its data (with an x column for lines), its
 * variables and `template`. */
static bool
plot_table (PlotSet *p, const char *name, const PlotText *text, const PlotTable *t,
            const char *template, bool lines, GError **error)
{
  g_autoptr (GString) dat = g_string_new (NULL);
  g_autoptr (GString) vars = g_string_new (NULL);
  g_autofree char *datafile = g_strdup_printf ("%s.dat", name);

  table_write (dat, t, text, lines);
  if (!plot_write (p, datafile, dat->str, error))
    return false;
  table_vars (vars, t, text, datafile);
  if (lines)
    var_int (vars, "categorical", t->x == NULL);
  return plot_render (p, name, text->title, vars->str, template, PLOT_HEIGHT, PLOT_SVG_REPLOT,
                      error);
}

bool
plot_bars (PlotSet *p, const char *name, const PlotText *text, const PlotTable *t,
           GError **error)
{
  g_return_val_if_fail (t->n_rows > 0 && t->n_series > 0, false);
  return plot_table (p, name, text, t, "bars.gp", false, error);
}

bool
plot_lines (PlotSet *p, const char *name, const PlotText *text, const PlotTable *t,
            GError **error)
{
  g_return_val_if_fail (t->n_rows > 0 && t->n_series > 0, false);
  return plot_table (p, name, text, t, "lines.gp", true, error);
}

/* ---- panels ----------------------------------------------------------- */

/* The y axis of a panel: from 0, with room above the error bars for the
 * value written there. */
static double
panel_ymax (const PlotPanel *panel, size_t n_rows)
{
  double top = 0;

  for (size_t r = 0; r < n_rows; r++)
    if (isfinite (panel->mean[r]))
      top = MAX (top, panel->mean[r] + (isfinite (panel->ci[r]) ? panel->ci[r] : 0));
  return top > 0 ? top * 1.3 : 1;
}

/* Columns: bar (1, 2, ...), mean, CI, the value's text; one block per panel. */
static void
panels_write (GString *dat, const PlotText *text, const PlotPanel *panels, size_t n_panels,
              size_t n_rows)
{
  dat_header (dat, text, "bar (1 = first strategy), mean, ci95, value as written; "
              "one block per panel");
  for (size_t k = 0; k < n_panels; k++)
    {
      g_autofree char *title = plot_comment (panels[k].title);

      g_string_append_printf (dat, "%s# %s\n", k > 0 ? "\n\n" : "", title);
      for (size_t r = 0; r < n_rows; r++)
        {
          g_autofree char *value = plot_comment (panels[k].values[r]);

          /* A '"' would end the quoted column: the caller's text has none,
           * and one that slipped in only blanks the label. */
          g_strdelimit (value, "\"", ' ');
          g_string_append_printf (dat, "%zu", r + 1);
          dat_double (dat, panels[k].mean[r]);
          dat_double (dat, panels[k].ci[r]);
          g_string_append_printf (dat, " \"%s\"\n", value);
        }
    }
}

bool
plot_panels (PlotSet *p, const char *name, const PlotText *text,
             const char *const *rows, size_t n_rows, const PlotPanel *panels,
             size_t n_panels, GError **error)
{
  g_autoptr (GString) dat = g_string_new (NULL);
  g_autoptr (GString) vars = g_string_new (NULL);
  g_autoptr (GPtrArray) titles = g_ptr_array_new ();
  g_autofree double *ymax = g_new (double, MAX (n_panels, (size_t) 1));
  g_autofree char *datafile = g_strdup_printf ("%s.dat", name);
  int cols = n_panels <= 2 ? (int) n_panels : n_panels <= 4 ? 2 : n_panels <= 8 ? 4 : 3;
  int lines;
  bool any_ci = false;

  g_return_val_if_fail (n_rows > 0 && n_panels > 0, false);
  lines = (int) ((n_panels + (size_t) cols - 1) / (size_t) cols);
  for (size_t k = 0; k < n_panels; k++)
    {
      g_ptr_array_add (titles, (gpointer) panels[k].title);
      ymax[k] = panel_ymax (&panels[k], n_rows);
      for (size_t r = 0; r < n_rows; r++)
        any_ci = any_ci || panels[k].ci[r] != 0;
    }
  panels_write (dat, text, panels, n_panels, n_rows);
  if (!plot_write (p, datafile, dat->str, error))
    return false;
  var_text (vars, text, datafile);
  var_array (vars, "rows", rows, n_rows);
  var_array (vars, "panels", (const char *const *) titles->pdata, titles->len);
  var_double_array (vars, "ymax", ymax, n_panels);
  var_int (vars, "panel_lines", lines);
  var_int (vars, "panel_cols", cols);
  var_int (vars, "with_ci", any_ci);
  return plot_render (p, name, text->title, vars->str, "panels.gp",
                      PLOT_PANELS_FRAME + PLOT_PANELS_LINE * lines, PLOT_SVG_REDRAW, error);
}

/* ---- timeline --------------------------------------------------------- */

/* The data: one block per thread state that occurs, whose names go to
 * `states` in the same order. */
static void
timeline_write (GString *dat, const PlotText *text, const Timeline *tl, GPtrArray *states)
{
  dat_header (dat, text, "start (ms), end (ms), row (thread from the top, 0 = first); "
              "one block per thread state");
  for (int i = 0; i < TS_COUNT; i++)
    {
      if (tl->by_state[i]->len == 0)
        continue;
      g_string_append_printf (dat, "%s# %s\n", states->len > 0 ? "\n\n" : "",
                              thread_state_names[i]);
      g_ptr_array_add (states, (gpointer) thread_state_names[i]);
      for (guint k = 0; k < tl->by_state[i]->len; k++)
        {
          const TimelineSlice *sl = &g_array_index (tl->by_state[i], TimelineSlice, k);

          dat_double (dat, (double) sl->start / 1e6);
          dat_double (dat, (double) sl->end / 1e6);
          g_string_append_printf (dat, " %d\n", sl->row);
        }
    }
}

bool
plot_timeline (PlotSet *p, const char *name, const PlotText *text, const char *trace_path,
               int64_t from_ns, int64_t to_ns, size_t max_tracks, GError **error)
{
  g_autofree char *trace = NULL;
  g_autoptr (GString) dat = g_string_new (NULL);
  g_autoptr (GString) vars = g_string_new (NULL);
  g_autoptr (GPtrArray) states = g_ptr_array_new ();
  g_autofree char *datafile = g_strdup_printf ("%s.dat", name);
  g_auto (Timeline) tl = { 0 };
  size_t rows;

  if (!g_file_get_contents (trace_path, &trace, NULL, error))
    return false;
  timeline_init (&tl, max_tracks);
  timeline_read (&tl, trace);
  timeline_write (dat, text, &tl, states);
  rows = tl.tracks->len;
  if (rows == 0 || states->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "no thread activity in the timeline window (trace %s)", trace_path);
      return false;
    }
  var_text (vars, text, datafile);
  if (tl.all_tracks > rows)
    {
      g_autofree char *ylabel = g_strdup_printf ("%s (the first %zu of %zu)", text->ylabel,
                                                 rows, tl.all_tracks);

      var_string (vars, "fig_ylabel", ylabel);
    }
  var_array (vars, "tracks", (const char *const *) tl.tracks->pdata, rows);
  var_array (vars, "states", (const char *const *) states->pdata, states->len);
  var_double (vars, "xfrom", (double) from_ns / 1e6);
  var_double (vars, "xto", (double) to_ns / 1e6);
  if (!plot_write (p, datafile, dat->str, error))
    return false;
  return plot_render (p, name, text->title, vars->str, "timeline.gp",
                      MIN (PLOT_TIMELINE_HEIGHT_MAX,
                           PLOT_TIMELINE_FRAME + PLOT_TIMELINE_ROW * (int) rows),
                      PLOT_SVG_REPLOT, error);
}
