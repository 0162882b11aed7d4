/* The distribution figures of the gnuplot driver: a latency's CDF and its
 * tail (1 - CDF), one curve per strategy, over every case, also those that
 * never got a latency. */
#include "sim/plot_priv.h"

#include <math.h>
#include <string.h>

#define PLOT_CDF_POINTS   4000      /* points per CDF curve at most */

/* The cases a curve is a fraction of. */
static size_t
cdf_total (const PlotCdf *c)
{
  return MAX (c->n, c->n_total);
}

/* Where a distribution's x axis ends and its cases never done are drawn. */
typedef struct {
  double lo;           /* the smallest sample */
  double end;          /* the step of the cases never done: the run's end */
  double hi;           /* the right edge: past `end` when a band is drawn */
  bool band;           /* some curve has cases never done */
} CdfAxis;

/* The x axis: from the smallest sample to the decade above the largest.
 * When some case was never done, it runs on to the end of the run, the
 * least such a case would have taken, where those cases are drawn as a
 * step into a band to the right of it (a factor CDF_BAND_WIDTH wide on the
 * log axis): they are no latency, but they are not hidden past the edge
 * either. */
#define CDF_BAND_WIDTH 2.5

static void
cdf_axis (const PlotCdf *series, size_t n_series, const PlotCdfAxis *a, CdfAxis *ax)
{
  double top = 0, bottom = INFINITY, scale = a->scale;

  ax->band = false;
  for (size_t i = 0; i < n_series; i++)
    {
      if (series[i].n > 0)
        {
          bottom = MIN (bottom, MAX (scale, scale * (double) series[i].samples[0]));
          top = MAX (top, MAX (scale, scale * (double) series[i].samples[series[i].n - 1]));
        }
      ax->band = ax->band || series[i].n < cdf_total (&series[i]);
    }
  if (!isfinite (bottom))
    bottom = top = scale;
  ax->lo = bottom;
  ax->end = pow (10, floor (log10 (top)) + 1);
  if (ax->band && a->end_ns > 0)
    ax->end = MAX (top, scale * (double) a->end_ns);
  ax->hi = ax->band ? ax->end * CDF_BAND_WIDTH : ax->end;
  ax->lo = MIN (ax->lo, ax->end);
}

static void
cdf_point (GString *dat, double x, double done, double not_done)
{
  plot_dat_double (dat, x);
  plot_dat_double (dat, done);
  plot_dat_double (dat, not_done);
  g_string_append_c (dat, '\n');
}

/* One curve as a block of `dat`: x, the share of all cases done within x,
 * and the share not done within x.  The cases never done end the curve: a
 * step up to 1 at the end of the run, flat across the band, in the second
 * column (the CDF); flat at their share to the right edge in the third (the
 * tail, where they stay undone). */
static void
cdf_write_curve (GString *dat, const PlotCdf *c, double scale, const CdfAxis *ax)
{
  size_t step = MAX ((size_t) 1, c->n / PLOT_CDF_POINTS);
  double total = (double) cdf_total (c);
  double never = (double) (cdf_total (c) - c->n) / total;
  /* The x axis is logarithmic: nothing may be at or below 0. */
  double floor_x = scale * 1.0;

  cdf_point (dat, c->n > 0 ? MAX (floor_x, scale * (double) c->samples[0]) : ax->lo, 0.0, 1.0);
  for (size_t k = 0; k < c->n; k++)
    {
      /* The last of equal values carries the step; thin the rest. */
      bool last = k + 1 == c->n;
      double done = (double) (k + 1) / total;

      if (!last && (c->samples[k + 1] == c->samples[k] || (k + 1) % step != 0))
        continue;
      cdf_point (dat, MAX (floor_x, scale * (double) c->samples[k]), done, 1.0 - done);
    }
  if (c->n < cdf_total (c))
    {
      char x[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (dat, "# never done: %zu of %zu cases, the step at the end of the "
                              "run (x = %s) and flat across the band to the right edge\n",
                              cdf_total (c) - c->n, cdf_total (c),
                              g_ascii_formatd (x, sizeof x, "%.9g", ax->end));
      cdf_point (dat, ax->end, 1.0, never);
      cdf_point (dat, ax->hi, 1.0, never);
    }
}

/* The figure of a distribution from `template` (cdf.gp or tail.gp, which
 * read the same data). */
static bool
plot_distribution (PlotSet *p, const char *name, const PlotText *text, const PlotCdf *series,
                   size_t n_series, const PlotCdfAxis *axis, const char *template,
                   GError **error)
{
  g_autoptr (GString) dat = g_string_new (NULL);
  g_autoptr (GString) vars = g_string_new (NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  g_autofree char *datafile = g_strdup_printf ("%s.dat", name);
  CdfAxis ax;
  size_t most = 1;

  cdf_axis (series, n_series, axis, &ax);
  plot_dat_header (dat, text, "x, share of all cases (with a sample or not) done within x, "
                   "share not done within x; one block per curve; the cases never done are "
                   "a step to 1 at the end of the run in the second column and stay in the "
                   "third");
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
      cdf_write_curve (dat, c, axis->scale, &ax);
    }
  if (names->len == 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "no samples for the %s figure", name);
      return false;
    }
  if (!plot_write (p, datafile, dat->str, error))
    return false;
  plot_var_text (vars, text, datafile);
  plot_var_array (vars, "names", (const char *const *) names->pdata, names->len);
  plot_var_array (vars, "labels", (const char *const *) labels->pdata, labels->len);
  plot_var_double (vars, "xmax", ax.hi);
  plot_var_int (vars, "band", ax.band);
  plot_var_double (vars, "xend", ax.end);
  plot_var_string (vars, "never_label", axis->never != NULL ? axis->never : "never done");
  plot_var_string (vars, "end_label", axis->end_ns <= 0 ? ""
                                      : axis->end != NULL ? axis->end : "end of run");
  /* Below the smallest share one case can be: where a finished curve ends. */
  plot_var_double (vars, "ymin", pow (10, floor (log10 (0.5 / (double) most))));
  return plot_render (p, name, text->title, vars->str, template, PLOT_HEIGHT, PLOT_SVG_REPLOT,
                      error);
}

bool
plot_cdf (PlotSet *p, const char *name, const PlotText *text, const PlotCdf *series,
          size_t n_series, const PlotCdfAxis *axis, GError **error)
{
  return plot_distribution (p, name, text, series, n_series, axis, "cdf.gp", error);
}

bool
plot_cdf_tail (PlotSet *p, const char *name, const PlotText *text, const PlotCdf *series,
               size_t n_series, const PlotCdfAxis *axis, GError **error)
{
  return plot_distribution (p, name, text, series, n_series, axis, "tail.gp", error);
}
