/* The gnuplot driver of `compare --plot` and `sweep --plot`: writes each
 * figure's data (.dat) and a self-contained gnuplot script (.gp) into one
 * folder, then runs gnuplot on the script to draw a PNG and an SVG beside
 * them.  The fixed part of each script comes from the templates in plots/
 * (style.gp and one file per kind of figure); the driver only puts in front
 * of it the figure's variables: titles, labels, series names, counts.
 *
 * Scenario text can reach those variables (names of scenarios, threads,
 * swept values), and a gnuplot command line runs shell commands between
 * backquotes and expands @macros.  So every string is written single-quoted
 * (gnuplot substitutes nothing there) after plot_script_string() has
 * dropped what could end the quotes or the line, and text that comes from a
 * scenario or the command line is first narrowed by plot_sanitize() to
 * letters, digits and " ._-[]".  gnuplot runs by argv, never through a
 * shell, in the output folder, on file names the driver chose.
 *
 * Without gnuplot (not found, or $MKSIM_GNUPLOT empty) data and scripts are
 * still written, a warning is printed once, and nothing fails. */
#ifndef MKSIM_PLOT_H
#define MKSIM_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <glib.h>

typedef struct _PlotSet PlotSet;

/* Creates `dir` if missing, finds gnuplot ($MKSIM_GNUPLOT, else PATH) and
 * the templates ($MKSIM_PLOTS, else plots/ beside the binary, else the
 * installed copy).  NULL with `error` set if the folder cannot be made or
 * the templates are missing. */
PlotSet    *plot_set_new (const char *dir, GError **error);
void        plot_set_free (PlotSet *p);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlotSet, plot_set_free)

const char *plot_set_dir (const PlotSet *p);
/* True when images are drawn (gnuplot was found). */
bool        plot_set_drawing (const PlotSet *p);
/* "path/in/dir/NAME", newly allocated. */
char       *plot_set_path (const PlotSet *p, const char *name);

/* Scenario or user text made safe and short for a plot: every byte outside
 * [A-Za-z0-9 ._-[]] becomes a space, runs of spaces one, at most 60 bytes;
 * "unnamed" if nothing is left.  Newly allocated. */
char       *plot_sanitize (const char *text);
/* `text` as a single-quoted gnuplot string: control characters, backquotes,
 * '@' and backslashes dropped, quotes doubled.  Newly allocated. */
char       *plot_script_string (const char *text);

/* The words around a figure.  title, xlabel and ylabel are the code's own
 * text with any scenario text already passed through plot_sanitize(). */
typedef struct {
  const char *title;
  const char *xlabel;
  const char *ylabel;
} PlotText;

/* One curve of a cumulative distribution: sorted samples in ns. */
typedef struct {
  const char *name;
  const int64_t *samples;
  size_t n;
} PlotCdf;

/* Figures of rows x series, each a mean and a 95 % CI half-width
 * (mean[row * n_series + s]).  Rows are categories (`x` NULL) or values on
 * a numeric axis. */
typedef struct {
  size_t n_rows, n_series;
  const char *const *row_labels;
  const double *x;
  const char *const *series;
  const double *mean, *ci;
  bool logx, logy;
  /* series are strategies: colour them as every other figure does */
  bool series_are_strategies;
} PlotTable;

/* Each writes NAME.dat and NAME.gp and, when drawing, NAME.png and NAME.svg.
 * False with `error` set if a file cannot be written or gnuplot fails. */

/* Log-x CDF, one line per series; series without samples are left out.
 * A curve has one point per distinct value, thinned to about 4000 evenly
 * spaced ranks for large samples; its last point (the maximum) is always
 * kept.  Samples are scaled by `scale` (1e-3: ns to µs); those below one
 * ns are drawn at one ns, for the log axis. */
bool plot_cdf (PlotSet *p, const char *name, const PlotText *text, const PlotCdf *series,
               size_t n_series, double scale, GError **error);
/* Clustered bars: one group per row, one bar per series, CI error bars. */
bool plot_bars (PlotSet *p, const char *name, const PlotText *text, const PlotTable *t,
                GError **error);
/* Lines over the rows' x (or categories), one per series, CI error bars. */
bool plot_lines (PlotSet *p, const char *name, const PlotText *text, const PlotTable *t,
                 GError **error);
/* A thread-state timeline (Gantt) from a Chrome trace file written by
 * sim/trace.c for a window [from_ns, to_ns): one row per thread track (at
 * most `max_tracks`, in declaration order), one colour per state. */
bool plot_timeline (PlotSet *p, const char *name, const PlotText *text, const char *trace_path,
                    int64_t from_ns, int64_t to_ns, size_t max_tracks, GError **error);

#endif
