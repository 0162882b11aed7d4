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

  plot_dat_double (dat, c->n > 0 ? MAX (floor_x, scale * (double) c->samples[0]) : x_lo);
  plot_dat_double (dat, 0.0);
  g_string_append_c (dat, '\n');
  for (size_t k = 0; k < c->n; k++)
    {
      /* The last of equal values carries the step; thin the rest. */
      bool last = k + 1 == c->n;

      if (!last && (c->samples[k + 1] == c->samples[k] || (k + 1) % step != 0))
        continue;
      plot_dat_double (dat, MAX (floor_x, scale * (double) c->samples[k]));
      plot_dat_double (dat, (double) (k + 1) / total);
      g_string_append_c (dat, '\n');
    }
  if (c->n < cdf_total (c))
    {
      /* What never got a latency is not further right: it is never. */
      plot_dat_double (dat, x_hi);
      plot_dat_double (dat, (double) c->n / total);
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
  plot_dat_header (dat, text, "x, fraction of all cases (with a sample or not) at or below x; "
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
  plot_var_text (vars, text, datafile);
  plot_var_array (vars, "names", (const char *const *) names->pdata, names->len);
  plot_var_array (vars, "labels", (const char *const *) labels->pdata, labels->len);
  plot_var_double (vars, "xmax", x_hi);
  /* Below the smallest share one case can be: where a finished curve ends. */
  plot_var_double (vars, "ymin", pow (10, floor (log10 (0.5 / (double) most))));
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
