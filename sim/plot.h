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
/* The figures whose images (NAME.png, NAME.svg) this set has drawn, in the
 * order drawn, NULL-terminated; their number in `n`.  Owned by the set. */
const char *const *plot_set_drawn (const PlotSet *p, size_t *n);

/* Scenario or user text made safe and short for a plot: every byte outside
 * [A-Za-z0-9 ._-[]] becomes a space, runs of spaces one, at most 60 bytes,
 * a longer text shortened in the middle ("head...tail", so a thread keeps
 * the "[k]" that tells it from its siblings); "unnamed" if nothing is
 * left.  Newly allocated. */
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

/* One curve of a cumulative distribution: sorted samples in ns, out of
 * `n_total` cases in all.  The cases without a sample (a fault never
 * resolved, an event never delivered) have no latency to draw, but they
 * count: the curve is the fraction of all `n_total` cases done within x; it
 * reaches n / n_total at its largest sample, and the cases never done are
 * the step at the end of the run (PlotCdfAxis). */
typedef struct {
  const char *name;              /* the strategy: picks the colour */
  const char *label;             /* the key's text; NULL: `name` */
  const int64_t *samples;
  size_t n;
  size_t n_total;                /* 0 (or less than n): n */
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
  /* With series_are_strategies, when a series is one part of a strategy's
   * figure ("ipc-timeout: send timed out"): the strategy of each series,
   * which colours it, and the part (1, 2, ...), which picks its dash and
   * point.  NULL: the series names are the strategies. */
  const char *const *series_strategy;
  const int *series_part;
} PlotTable;

/* One panel of plot_panels(): one figure, one bar per row. */
typedef struct {
  const char *title;             /* the figure and its unit: "core blocked (ms)" */
  const double *mean, *ci;       /* one per row, in the panel's unit */
  const char *const *values;     /* written above each bar; our own text, no '"' */
} PlotPanel;

/* Each writes NAME.dat and NAME.gp and, when drawing, NAME.png and NAME.svg.
 * False with `error` set if a file cannot be written or gnuplot fails. */

/* The x axis of a distribution.  Samples in ns are drawn times `scale`
 * (1e-3: ns to µs); those below one ns at one ns, for the log axis.
 * `end_ns` is the run's length (0: not known): a case never done (a fault
 * never resolved) could only have taken longer, so when a curve has such
 * cases the axis runs to the end of the run and they are drawn there, as a
 * step into a band at the right edge labelled `never` ("never resolved"),
 * the end marked by a dashed line labelled `end` ("end of run, 2.000 s").
 * Without such cases the axis ends at the decade above the largest sample. */
typedef struct {
  double scale;
  int64_t end_ns;
  const char *never;             /* our own text */
  const char *end;               /* our own text; NULL: "end of run" */
} PlotCdfAxis;

/* Log-x CDF, one line per series; series with no case at all are left
 * out.  A curve has one point per distinct value, thinned to about 4000
 * evenly spaced ranks for large samples; its last point (the maximum) is
 * always kept.  A curve with cases never done runs flat at the share done
 * to the end of the run and steps up to 1 there, inside the band labelled
 * as never done. */
bool plot_cdf (PlotSet *p, const char *name, const PlotText *text, const PlotCdf *series,
               size_t n_series, const PlotCdfAxis *axis, GError **error);
/* The same curves as their tail, 1 - CDF on a log y axis: the share of all
 * cases not done within x, so that the last percent shows as well as the
 * first half.  A curve with cases never done runs flat at their share to
 * the end of the run and on across the band; one without falls off the
 * bottom.  The y label should say "not done within x". */
bool plot_cdf_tail (PlotSet *p, const char *name, const PlotText *text, const PlotCdf *series,
                    size_t n_series, const PlotCdfAxis *axis, GError **error);
/* Clustered bars: one group per row, one bar per series, CI error bars. */
bool plot_bars (PlotSet *p, const char *name, const PlotText *text, const PlotTable *t,
                GError **error);
/* Lines over the rows' x (or categories), one per series, CI error bars. */
bool plot_lines (PlotSet *p, const char *name, const PlotText *text, const PlotTable *t,
                 GError **error);
/* Small multiples: one panel per figure, each with its own y axis from 0,
 * one bar per row coloured as its strategy (rows are strategy names), CI
 * error bars, and the value written above each bar.  For figures of
 * different units side by side.  text->xlabel and ylabel are not used. */
bool plot_panels (PlotSet *p, const char *name, const PlotText *text,
                  const char *const *rows, size_t n_rows, const PlotPanel *panels,
                  size_t n_panels, GError **error);
/* A moment a timeline marks on a thread's row: when the thread's behavior
 * stopped it for good (threads[].misbehaved_at_ns of the result). */
typedef struct {
  const char *thread;            /* the track's name, threads[].name */
  int64_t at_ns;
  const char *what;              /* our own text, "hung", "crashed" */
} PlotMark;

/* A thread-state timeline (Gantt) from a Chrome trace file written by
 * sim/engine/trace.c for a window [from_ns, to_ns): one row per thread track (at
 * most `max_tracks`, in declaration order), one colour per state.  Each
 * mark's thread has "(what)" in its row's name, and a mark inside the
 * window is a black line across the row at its time, labelled. */
bool plot_timeline (PlotSet *p, const char *name, const PlotText *text, const char *trace_path,
                    int64_t from_ns, int64_t to_ns, size_t max_tracks, const PlotMark *marks,
                    size_t n_marks, GError **error);

#endif
