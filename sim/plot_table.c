/* The figures of a table of means with confidence intervals: clustered
 * bars, lines over a parameter, and small multiples (panels) of figures of
 * different units side by side. */
#include "sim/plot_priv.h"

#include <math.h>
#include <string.h>

#define PLOT_KEY_BESIDE_MAX 24      /* characters of a series name in a key beside a plot */
/* Panels: a line of panels is as tall as a third of a plain figure's
 * width, plus the title. */
#define PLOT_PANELS_FRAME     40
#define PLOT_PANELS_LINE      330

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
  plot_dat_header (dat, text, columns->str);
  for (size_t r = 0; r < t->n_rows; r++)
    {
      g_autofree char *label = plot_sanitize (t->row_labels[r]);

      if (with_x)
        {
          plot_dat_double (dat, t->x != NULL ? t->x[r] : (double) r);
          g_string_append_c (dat, ' ');
        }
      /* Sanitized text holds no '"': safe inside a quoted data column. */
      g_string_append_printf (dat, "\"%s\"", label);
      for (size_t s = 0; s < t->n_series; s++)
        {
          plot_dat_double (dat, t->mean[r * t->n_series + s]);
          plot_dat_double (dat, t->ci[r * t->n_series + s]);
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
  plot_var_text (vars, text, datafile);
  plot_var_array (vars, "series", t->series, t->n_series);
  plot_var_int (vars, "strategies", t->series_are_strategies);
  /* The strategy and the part of each series (plot.h, PlotTable). */
  {
    g_autofree int *parts = g_new0 (int, t->n_series);

    if (t->series_part != NULL)
      memcpy (parts, t->series_part, t->n_series * sizeof *parts);
    plot_var_array (vars, "colour_of",
               t->series_strategy != NULL ? t->series_strategy : t->series, t->n_series);
    plot_var_int_array (vars, "parts", parts, t->n_series);
  }
  plot_var_int (vars, "with_ci", table_any_ci (t));
  plot_var_int (vars, "logx", t->logx);
  plot_var_int (vars, "logy", logy);
  plot_var_int (vars, "key_below", table_long_names (t));
  plot_var_int (vars, "allzero", table_all_zero (t));
  plot_var_double (vars, "ymin", lo);
  plot_var_double (vars, "ymax", hi);
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
    plot_var_int (vars, "categorical", t->x == NULL);
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
  plot_dat_header (dat, text, "bar (1 = first strategy), mean, ci95, value as written; "
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
          plot_dat_double (dat, panels[k].mean[r]);
          plot_dat_double (dat, panels[k].ci[r]);
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
  int cols = n_panels <= 2 ? (int) n_panels : n_panels <= 4 ? 2 : n_panels <= 6 ? 3
             : n_panels <= 8 ? 4 : 3;
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
  plot_var_text (vars, text, datafile);
  plot_var_array (vars, "rows", rows, n_rows);
  plot_var_array (vars, "panels", (const char *const *) titles->pdata, titles->len);
  plot_var_double_array (vars, "ymax", ymax, n_panels);
  plot_var_int (vars, "panel_lines", lines);
  plot_var_int (vars, "panel_cols", cols);
  plot_var_int (vars, "with_ci", any_ci);
  return plot_render (p, name, text->title, vars->str, "panels.gp",
                      PLOT_PANELS_FRAME + PLOT_PANELS_LINE * lines, PLOT_SVG_REDRAW, error);
}
