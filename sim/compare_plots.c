/* The figures of `compare --plot` and `sweep --plot`, composed from a
 * summarised batch (sim/batch.h) and drawn by the gnuplot driver
 * (sim/plot.h).  compare draws the latency CDF and its tail over every
 * fault (or GUI delivery owed), the health of each strategy, latency and
 * loss bars, and a thread-state timeline per strategy; sweep draws each
 * figure that fits the scenario against the swept parameter.  Which
 * figures, in which unit, is the catalogue's (sim/figures.h); the words
 * around them are the plots' own.
 *
 * The thread timelines come from the Chrome trace the first replication of
 * each strategy writes (compare_plots_trace_name()); it stays beside the
 * images for Perfetto. */
#include "sim/compare_plots.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sim/cli.h"
#include "sim/figures.h"

#define COMPARE_PLOT_TRACKS 32      /* threads in a timeline at most */

static int
compare_plot_order_ns (gconstpointer a, gconstpointer b)
{
  int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;

  return (x > y) - (x < y);
}

/* Reports a figure that could not be drawn, frees `error`, returns `ok`. */
static bool
compare_plot_done (const Batch *b, bool ok, GError **error)
{
  if (!ok)
    cli_message (b->command, "plot: %s", (*error)->message);
  g_clear_error (error);
  return ok;
}

/* The trace file of strategy `s`'s timeline in the plot folder. */
char *
compare_plots_trace_name (const Batch *b, size_t s)
{
  return g_strdup_printf ("timeline-%s.trace.json", batch_strategy_name (b, s));
}

/* ---- compare ---------------------------------------------------------- */

/* The latency the figures show: page faults, or GUI deliveries in a GUI
 * scenario without faults. */
static bool
compare_plot_shows_gui (const Batch *b)
{
  for (size_t i = 0; i < b->n_slots; i++)
    if (b->slots[i].result->faults.total > 0)
      return false;
  for (size_t i = 0; i < b->n_slots; i++)
    if (b->slots[i].result->gui.delivered > 0)
      return true;
  return false;
}

/* The latency samples of every run of strategy `s`, sorted. */
static GArray *
compare_plot_samples (const Batch *b, size_t s, bool gui)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (int64_t));

  for (size_t r = 0; r < b->runs; r++)
    {
      const RunResult *res = batch_slot (b, 0, s, r)->result;

      if (gui)
        g_array_append_vals (all, res->gui.samples, res->gui.n_samples);
      else
        g_array_append_vals (all, res->faults.samples, res->faults.n_samples);
    }
  /* Each run's samples are sorted; the union needs sorting again. */
  g_array_sort (all, compare_plot_order_ns);
  return all;
}

/* The GUI deliveries a run owed: every input event to every client.  What
 * was not delivered was dropped or is still queued at the end. */
static uint64_t
compare_plot_gui_due (const RunResult *r)
{
  uint64_t clients = 0;

  for (size_t t = 0; t < r->n_threads; t++)
    clients += r->threads[t].role == ROLE_GUI_CLIENT;
  return MAX (r->gui.events * clients, r->gui.delivered + r->gui.dropped);
}

/* Of all the cases of strategy `s` (faults, or GUI deliveries owed), over
 * every run, how many there were. */
static size_t
compare_plot_cases (const Batch *b, size_t s, bool gui)
{
  uint64_t n = 0;

  for (size_t r = 0; r < b->runs; r++)
    {
      const RunResult *res = batch_slot (b, 0, s, r)->result;

      n += gui ? compare_plot_gui_due (res)
               : MAX (res->faults.total, (uint64_t) res->faults.n_samples);
    }
  return (size_t) n;
}

/* The key of strategy `s`'s curve: how many of its `n_total` cases got no
 * latency (and, for faults, how long the oldest had waited by the end). */
static char *
compare_plot_cdf_label (const Batch *b, size_t s, bool gui, size_t n, size_t n_total)
{
  const char *name = batch_strategy_name (b, s);
  g_autofree char *oldest = NULL;
  int64_t open_max = 0;

  if (n_total <= n)
    return g_strdup_printf ("%s (all %zu %s)", name, n_total, gui ? "delivered" : "resolved");
  if (gui)
    return g_strdup_printf ("%s (%zu of %zu not delivered: dropped or still queued)", name,
                            n_total - n, n_total);
  for (size_t r = 0; r < b->runs; r++)
    open_max = MAX (open_max, batch_slot (b, 0, s, r)->result->faults.open_max_ns);
  oldest = figures_format (FIGURE_UNIT_NS, (double) open_max, 0, false);
  return g_strdup_printf ("%s (%zu of %zu never resolved, the oldest open %s)", name,
                          n_total - n, n_total, oldest);
}

/* The CDF counts every fault (or delivery owed), not only those that got a
 * latency: otherwise a design whose faults never resolve looks fastest, as
 * sync-rpc does with a hung manager.  The key says how many never did. */
static bool
compare_plot_cdf (const Batch *b, PlotSet *p, const char *scenario, bool gui)
{
  PlotCdf series[STRATEGY_COUNT];
  g_autoptr (GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *title = NULL, *xlabel = NULL, *end = NULL, *end_words = NULL;
  const char *never = gui ? "not delivered" : "never resolved";
  PlotCdfAxis axis;
  int64_t end_ns = 0;
  bool undone = false;
  GError *error = NULL;
  int64_t top = 0;
  size_t cases = 0;
  double unit = 1;
  const char *uname;
  bool ok;

  for (size_t s = 0; s < b->n_strategies; s++)
    {
      GArray *all = compare_plot_samples (b, s, gui);
      size_t n_total = compare_plot_cases (b, s, gui);
      const char *name = batch_strategy_name (b, s);
      char *label = compare_plot_cdf_label (b, s, gui, all->len, n_total);

      g_ptr_array_add (samples, all);
      g_ptr_array_add (labels, label);
      series[s] = (PlotCdf) { .name = name, .label = label,
                              .samples = (const int64_t *) all->data, .n = all->len,
                              .n_total = n_total };
      cases += n_total;
      undone = undone || all->len < n_total;
      if (all->len > 0)
        top = MAX (top, g_array_index (all, int64_t, all->len - 1));
    }
  if (cases == 0)
    {
      cli_message (b->command, "plot: no %s to draw a distribution of",
                   gui ? "GUI deliveries" : "page faults");
      return true;
    }
  uname = figures_unit_scale (FIGURE_UNIT_NS, (double) top, &unit);
  xlabel = g_strdup_printf ("%s latency (%s, log scale)", gui ? "delivery" : "fault", uname);
  title = g_strdup_printf ("%s: %s latency, every %s, %zu run%s per strategy%s%s", scenario,
                           gui ? "GUI delivery" : "page-fault", gui ? "delivery owed" : "fault",
                           b->runs, b->runs == 1 ? "" : "s", undone ? "; grey band: " : "",
                           undone ? never : "");
  for (size_t i = 0; i < b->n_slots; i++)
    end_ns = MAX (end_ns, b->slots[i].result->sim_time_ns);
  end = figures_format (FIGURE_UNIT_NS, (double) end_ns, 0, false);
  end_words = g_strdup_printf ("end of run, %s", end);
  axis = (PlotCdfAxis) { .scale = 1.0 / unit, .end_ns = end_ns, .never = never,
                         .end = end_words };
  ok = plot_cdf (p, "cdf", &(PlotText) { title, xlabel,
                                         gui ? "share of all deliveries owed, done within x"
                                             : "share of all faults, resolved within x" },
                 series, b->n_strategies, &axis, &error);
  ok = compare_plot_done (b, ok, &error);
  g_free (title);
  title = g_strdup_printf ("%s: the tail of the %s latency; a curve flat to the right edge: "
                           "%s", scenario, gui ? "GUI delivery" : "page-fault", never);
  ok = compare_plot_done (b, plot_cdf_tail (p, "tail", &(PlotText) {
                                              title, xlabel,
                                              gui ? "share of all deliveries owed, not done "
                                                    "within x (log scale)"
                                                  : "share of all faults, not resolved within "
                                                    "x (log scale)" },
                                            series, b->n_strategies, &axis, &error),
                          &error) && ok;
  return ok;
}

/* A bar chart of some figures (the series) per strategy (the rows).  The
 * strategies name the bars: no x label. */
typedef struct {
  const char *name;              /* the figure's file name */
  const char *title, *ylabel;
  const FigureId *figures;
  const char *const *labels;     /* one per figure */
  size_t n_figures;
  double unit;                   /* ns per unit of the axis; 1 for counts */
  const char *unit_name;         /* NULL for counts */
  bool logy;                     /* a log axis, if every value is positive */
  FigureId note;                 /* FIG_COUNT, or a figure to name beside each strategy */
  const char *note_text;         /* its words: "never resolved" */
} BarChart;

/* The name of strategy `s` under its bars, with the chart's note if its
 * figure is not 0: "sync-rpc [8 never resolved]". */
static char *
compare_plot_bar_label (const Batch *b, const BarChart *c, size_t s)
{
  const char *name = batch_strategy_name (b, s);
  double v;

  if (c->note == FIG_COUNT)
    return g_strdup (name);
  v = b->mean[batch_cell (b, 0, s, c->note)];
  if (v == 0)
    return g_strdup (name);
  {
    g_autofree char *n = figures_format (figures[c->note].unit, v, 0, false);

    return g_strdup_printf ("%s [%s %s]", name, n, c->note_text);
  }
}

/* Figures that are 0 under every strategy are left out (all of them only
 * when every one is 0). */
static bool
compare_plot_bars (const Batch *b, PlotSet *p, const BarChart *c)
{
  g_autofree char *ylabel = NULL;
  g_autofree double *mean = g_new (double, b->n_strategies * c->n_figures);
  g_autofree double *ci = g_new (double, b->n_strategies * c->n_figures);
  g_autofree FigureId *ms = g_new (FigureId, c->n_figures);
  g_autofree const char **labels = g_new (const char *, c->n_figures);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  bool logy = c->logy;
  size_t n = 0;
  bool ok;

  for (size_t k = 0; k < c->n_figures; k++)
    if (batch_figure_nonzero (b, c->figures[k]))
      {
        ms[n] = c->figures[k];
        labels[n++] = c->labels[k];
      }
  if (n == 0)
    {
      memcpy (ms, c->figures, c->n_figures * sizeof *ms);
      memcpy (labels, c->labels, c->n_figures * sizeof *labels);
      n = c->n_figures;
    }
  for (size_t s = 0; s < b->n_strategies; s++)
    {
      g_ptr_array_add (rows, compare_plot_bar_label (b, c, s));
      for (size_t k = 0; k < n; k++)
        {
          size_t cell = batch_cell (b, 0, s, ms[k]);

          mean[s * n + k] = b->mean[cell] / c->unit;
          ci[s * n + k] = b->half[cell] / c->unit;
          logy = logy && mean[s * n + k] > 0;
        }
    }
  ylabel = c->unit_name != NULL ? g_strdup_printf ("%s (%s%s)", c->ylabel, c->unit_name,
                                                   logy ? ", log scale" : "")
                                : g_strdup (c->ylabel);
  ok = plot_bars (p, c->name, &(PlotText) { c->title, "", ylabel }, &(PlotTable) {
                    .n_rows = b->n_strategies, .n_series = n,
                    .row_labels = (const char *const *) rows->pdata,
                    .series = labels, .mean = mean, .ci = ci, .logy = logy }, &error);
  return compare_plot_done (b, ok, &error);
}

/* The figure written above a bar: a count in its panel's unit, a time or a
 * size in its own ("5.00 µs" beside "4.320 s" on an axis in seconds). */
static char *
compare_plot_panel_value (FigureUnit unit, double raw, double in_axis_unit)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  const char *format;

  if (unit == FIGURE_UNIT_NS || unit == FIGURE_UNIT_BYTES)
    return raw == 0 ? g_strdup ("0") : figures_format (unit, raw, 0, false);
  format = in_axis_unit == floor (in_axis_unit) || fabs (in_axis_unit) >= 100 ? "%.0f"
           : fabs (in_axis_unit) >= 10 ? "%.1f" : "%.2f";
  return g_strdup (g_ascii_formatd (buf, sizeof buf, format, in_axis_unit));
}

/* `text` (freed) with the cause of strategy `s`'s GUI drops beside it, so
 * that a client's own full buffer is not read as the server losing events:
 * "269, buffer full". */
static char *
compare_plot_drops_note (const Batch *b, size_t s, char *text)
{
  static const char *const words[FIGURE_DROP_COUNT] = {
    /* ORDER FigureDropCause */
    "timed out", "buffer full", "client dead",
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (words) == FIGURE_DROP_COUNT);
  const char *only = NULL;
  size_t n = 0;
  char *noted;

  for (int c = 0; c < FIGURE_DROP_COUNT; c++)
    if (b->mean[batch_cell (b, 0, s, figures_drop_cause_figure ((FigureDropCause) c))] != 0)
      {
        only = words[c];
        n++;
      }
  if (n == 0)
    return text;
  noted = g_strdup_printf ("%s, %s", text, n == 1 ? only : "several causes");
  g_free (text);
  return noted;
}

/* One panel of the health chart: figure `f` of every strategy, in one unit
 * named in its title.  What it allocates goes to `texts`. */
static void
compare_plot_health_panel (const Batch *b, FigureId f, const char *words, PlotPanel *panel,
                           double *mean, double *ci, GPtrArray *texts)
{
  const char **values = g_new (const char *, b->n_strategies);
  double top = 0, size = 1;
  const char *uname;
  char *title;

  for (size_t s = 0; s < b->n_strategies; s++)
    top = MAX (top, b->mean[batch_cell (b, 0, s, f)]);
  uname = figures_unit_scale (figures[f].unit, top, &size);
  for (size_t s = 0; s < b->n_strategies; s++)
    {
      size_t cell = batch_cell (b, 0, s, f);
      char *text;

      mean[s] = b->mean[cell] / size;
      ci[s] = b->half[cell] / size;
      text = compare_plot_panel_value (figures[f].unit, b->mean[cell], mean[s]);
      if (f == FIG_GUI_DROPPED)
        text = compare_plot_drops_note (b, s, text);
      g_ptr_array_add (texts, text);
      values[s] = text;
    }
  title = uname != NULL ? g_strdup_printf ("%s (%s)", words, uname) : g_strdup (words);
  g_ptr_array_add (texts, title);
  g_ptr_array_add (texts, values);
  *panel = (PlotPanel) { .title = title, .mean = mean, .ci = ci, .values = values };
}

/* A panel of the health chart: a figure, its words, and whether they name
 * the stall threshold. */
typedef struct {
  FigureId figure;
  const char *words;
  bool threshold;
} HealthFigure;

/* The figures the lessons point to, side by side per strategy, each on its
 * own axis: the work done, what never got done, and who else paid (innocent
 * threads and core; a frozen GUI server).  Faults never resolved are split:
 * those of the culprits (threads that use a misbehaving manager) are the
 * price of the misbehaviour; those of innocent threads are what a design
 * lets it spread to.  The culprits' panel is left out when no thread is
 * one.  Paging figures in a scenario with dataspaces, GUI figures with a
 * GUI, calls and the timer otherwise. */
static bool
compare_plot_health (const Batch *b, PlotSet *p, const char *scenario, const char *runs_note)
{
  static const HealthFigure paging[] = {
    { FIG_FAULTS_RESOLVED, "faults resolved (work done)", false },
    { FIG_INNOCENT_UNRESOLVED, "never resolved: innocent threads' faults", false },
    { FIG_CULPRIT_UNRESOLVED, "never resolved: culprits' faults", false },
    { FIG_INNOCENT_STALLED, "innocent threads stalled", true },
    { FIG_CORE_BLOCKED, "core blocked waiting for user level", false },
  };
  static const HealthFigure gui[] = {
    { FIG_GUI_DELIVERED, "GUI events delivered (work done)", false },
    { FIG_GUI_DROPPED, "GUI events dropped, and why", false },
    { FIG_GUI_MAX_FREEZE, "GUI server's longest freeze", false },
    { FIG_GUI_P99, "GUI delivery latency p99", false },
  };
  static const HealthFigure other[] = {
    { FIG_CALLS_COMPLETED, "calls completed (work done)", false },
    { FIG_CALLS_DROPPED, "calls dropped", false },
    { FIG_TIMER_MAX_ERROR, "latest wake-up from a sleep", false },
  };
  HealthFigure figs[G_N_ELEMENTS (paging) + G_N_ELEMENTS (gui)];
  PlotPanel panels[G_N_ELEMENTS (figs)];
  g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autofree double *mean = NULL, *ci = NULL;
  char threshold[G_ASCII_DTOSTR_BUF_SIZE];
  double size;
  const char *uname = figures_unit_scale (FIGURE_UNIT_NS, (double) b->stall_threshold, &size);
  g_autofree char *title = NULL;
  const char *rows[STRATEGY_COUNT];
  GError *error = NULL;
  size_t n = 0;
  bool ok;

  if (b->has_paging)
    for (size_t k = 0; k < G_N_ELEMENTS (paging); k++)
      if (paging[k].figure != FIG_CULPRIT_UNRESOLVED || batch_figure_nonzero (b, FIG_CULPRIT_THREADS))
        figs[n++] = paging[k];
  if (b->has_gui)
    for (size_t k = 0; k < G_N_ELEMENTS (gui); k++)
      figs[n++] = gui[k];
  if (n == 0)
    for (size_t k = 0; k < G_N_ELEMENTS (other); k++)
      figs[n++] = other[k];
  mean = g_new (double, n * b->n_strategies);
  ci = g_new (double, n * b->n_strategies);
  g_ascii_formatd (threshold, sizeof threshold, "%g", (double) b->stall_threshold / size);
  for (size_t k = 0; k < n; k++)
    {
      g_autofree char *words = NULL;

      if (figs[k].threshold)
        words = g_strdup_printf ("%s (one fault > %s %s)", figs[k].words, threshold, uname);
      else if (figs[k].figure == FIG_CORE_BLOCKED && batch_pager_threads (b) > 1)
        words = g_strdup_printf ("core blocked, summed over %d pager threads",
                                 batch_pager_threads (b));
      else
        words = g_strdup (figs[k].words);

      compare_plot_health_panel (b, figs[k].figure, words, &panels[k], mean + k * b->n_strategies,
                                 ci + k * b->n_strategies, texts);
    }
  batch_strategy_names (b, rows);
  title = g_strdup_printf ("%s: health per strategy%s", scenario, runs_note);
  ok = plot_panels (p, "health", &(PlotText) { title, "", "" }, rows, b->n_strategies, panels,
                    n, &error);
  return compare_plot_done (b, ok, &error);
}

/* The threads of run `r` whose behavior stopped them for good, and when
 * the model made them: the timeline's marks (pointing into `r`). */
static GArray *
compare_plot_marks (const RunResult *r)
{
  GArray *marks = g_array_new (FALSE, FALSE, sizeof (PlotMark));

  for (size_t t = 0; t < r->n_threads; t++)
    {
      const ThreadResult *th = &r->threads[t];
      PlotMark m = { th->name, th->misbehaved_at_ns, NULL };

      switch (th->misbehavior)
        {
        case MISBEHAVIOR_NONE:
          continue;
        case MISBEHAVIOR_HANG:
          m.what = "hung";
          break;
        case MISBEHAVIOR_CRASH:
          m.what = "crashed";
          break;
        case MISBEHAVIOR_COUNT:
          g_assert_not_reached ();
        }
      g_array_append_val (marks, m);
    }
  return marks;
}

/* The thread-state timeline of each strategy's first run, from the trace
 * written beside it, which is committed first.  Components that hang or
 * crash are marked, from the result: the window may not hold the moment. */
static bool
compare_plot_timelines (Batch *b, PlotSet *p, const char *scenario)
{
  bool ok = true;

  for (size_t s = 0; s < b->n_strategies; s++)
    {
      BatchSlot *slot = batch_slot (b, 0, s, 0);
      const char *name = batch_strategy_name (b, s);
      g_autofree char *trace = compare_plots_trace_name (b, s);
      g_autofree char *trace_path = plot_set_path (p, trace);
      g_autofree char *figure = g_strdup_printf ("timeline-%s", name);
      g_autofree char *title = NULL;
      char from[G_ASCII_DTOSTR_BUF_SIZE], to[G_ASCII_DTOSTR_BUF_SIZE];
      g_autoptr (GArray) marks = NULL;
      GError *error = NULL;
      bool drawn;

      if (!slot->trace_ok)
        {
          cli_message (b->command, "cannot write the trace '%s': %s", trace_path,
                       g_strerror (slot->trace_errno != 0 ? slot->trace_errno : EIO));
          ok = false;
          continue;
        }
      if (slot->trace_full)
        cli_note (b->command, "the trace '%s' reached its size bound: the timeline "
                     "ends early", trace_path);
      if (!cli_commit_output (b->command, g_steal_pointer (&slot->trace_file)))
        {
          ok = false;
          continue;
        }
      title = g_strdup_printf ("%s under %s: thread states from %s to %s ms (seed %" PRIu64 ")",
                               scenario, name,
                               g_ascii_formatd (from, sizeof from, "%.6g", b->tl_from / 1e6),
                               g_ascii_formatd (to, sizeof to, "%.6g", b->tl_to / 1e6),
                               b->seeds[0]);
      marks = compare_plot_marks (slot->result);
      drawn = plot_timeline (p, figure, &(PlotText) { title, "simulated time (ms)", "thread" },
                             trace_path, b->tl_from, b->tl_to, COMPARE_PLOT_TRACKS,
                             (const PlotMark *) marks->data, marks->len, &error);
      ok = compare_plot_done (b, drawn, &error) && ok;
    }
  return ok;
}

bool
compare_plots_compare (Batch *b, PlotSet *p)
{
  static const FigureId lat_fault[] = { FIG_LATENCY_P50, FIG_LATENCY_P99, FIG_LATENCY_MAX };
  static const char *const lat_fault_names[] = { "p50", "p99", "max" };
  static const FigureId lat_gui[] = { FIG_GUI_P99, FIG_GUI_MAX_FREEZE };
  static const char *const lat_gui_names[] = { "delivery p99", "longest freeze" };
  static const FigureId drops[] = { FIG_FAULTS_UNRESOLVED, FIG_FAULTS_DROPPED,
                                    FIG_GUI_DROPPED_TIMEOUT, FIG_GUI_DROPPED_OVERFLOW,
                                    FIG_GUI_DROPPED_DEAD, FIG_CALLS_DROPPED };
  static const char *const drop_names[] = { "faults unresolved at the end",
                                            "faults dropped (IPC timeout)",
                                            "GUI events dropped: send timed out",
                                            "GUI events dropped: client's buffer full",
                                            "GUI events dropped: client dead",
                                            "calls dropped" };
  G_STATIC_ASSERT (G_N_ELEMENTS (drops) == G_N_ELEMENTS (drop_names));
  g_autofree char *scenario = plot_sanitize (b->scenario);
  g_autofree char *lat_title = NULL, *drop_title = NULL;
  bool gui = compare_plot_shows_gui (b);
  const FigureId *lat = gui ? lat_gui : lat_fault;
  size_t n_lat = gui ? G_N_ELEMENTS (lat_gui) : G_N_ELEMENTS (lat_fault);
  const char *runs_note = b->runs > 1 ? ", mean and 95 % CI over the runs" : "";
  double top = 0, unit = 1;
  const char *uname;
  bool ok = true;

  ok = compare_plot_cdf (b, p, scenario, gui) && ok;

  for (size_t s = 0; s < b->n_strategies; s++)
    for (size_t k = 0; k < n_lat; k++)
      top = MAX (top, b->mean[batch_cell (b, 0, s, lat[k])]);
  uname = figures_unit_scale (FIGURE_UNIT_NS, top, &unit);
  /* These bars can only show what got a latency: the title and the names
   * under the bars say what is missing. */
  lat_title = g_strdup_printf ("%s: %s%s", scenario,
                               gui ? "latency of the GUI events delivered, and freezes"
                                   : "latency of the resolved faults only", runs_note);
  ok = compare_plot_bars (b, p, &(BarChart) {
                            .name = "latency", .title = lat_title,
                            .ylabel = gui ? "time" : "fault latency",
                            .figures = lat, .labels = gui ? lat_gui_names : lat_fault_names,
                            .n_figures = n_lat, .unit = unit, .unit_name = uname,
                            .logy = true, .note = gui ? FIG_GUI_DROPPED : FIG_FAULTS_UNRESOLVED,
                            .note_text = gui ? "dropped" : "never resolved" }) && ok;

  ok = compare_plot_health (b, p, scenario, runs_note) && ok;

  drop_title = g_strdup_printf ("%s: what was lost per strategy, by cause%s", scenario,
                                runs_note);
  ok = compare_plot_bars (b, p, &(BarChart) {
                            .name = "drops", .title = drop_title,
                            .ylabel = b->runs > 1 ? "count (mean per run)" : "count",
                            .figures = drops, .labels = drop_names,
                            .n_figures = G_N_ELEMENTS (drops), .unit = 1.0,
                            .note = FIG_COUNT }) && ok;

  return compare_plot_timelines (b, p, scenario) && ok;
}

/* ---- sweep ------------------------------------------------------------ */

/* A sweep draws each figure against its first parameter.  With a grid, the
 * values of the second become lines beside the strategies when there are
 * few of them (SWEEP_PLOT_FEW_LINES); every other combination of the
 * remaining parameters is a figure of its own. */
#define SWEEP_PLOT_FEW_LINES 4

/* The x axis and what a figure shows of the grid. */
typedef struct {
  const double *x;               /* NULL: the values are categories */
  const char *label;
  bool log;
  size_t n_x;                    /* values of the first parameter */
  size_t stride;                 /* grid points between two of them */
  const char *const *x_labels;   /* the first parameter's values */
  size_t n_lines;                /* values of the second as lines: 1 if not */
  size_t line_stride;
  size_t base;                   /* the grid point of x = 0, line 0 */
  const char *at;                /* "at p3=v" for a figure of one combination, or "" */
  const char *suffix;            /* of the figure's file name, or "" */
} SweepAxis;

/* The first parameter's values as x: numbers, or durations in one unit,
 * else categories (NULL).  `unit_name` gets the unit for the axis label
 * ("" for numbers); `durations` whether they are times. */
static double *
sweep_plot_x (const char *const *values, size_t n, const char **unit_name, bool *durations_out)
{
  g_autofree double *x = g_new (double, n);
  bool numbers = true, durations = true;
  double top = 0, unit = 1;

  for (size_t v = 0; v < n; v++)
    {
      g_autofree char *text = g_strdup (values[v]);
      size_t len = strlen (text);
      char *end;
      int64_t ns;

      /* A duration may be given as the JSON string it is: "\"5ms\"". */
      if (len >= 2 && text[0] == '"' && text[len - 1] == '"')
        {
          memmove (text, text + 1, len - 2);
          text[len - 2] = '\0';
        }
      x[v] = g_ascii_strtod (text, &end);
      numbers = numbers && end != text && *end == '\0' && isfinite (x[v]);
      if (cli_parse_duration (text, &ns))
        {
          x[v] = (double) ns;
          top = MAX (top, x[v]);
        }
      else
        durations = false;
    }
  *unit_name = "";
  *durations_out = durations && !numbers;
  if (numbers)
    return g_steal_pointer (&x);
  if (!durations)
    return NULL;
  *unit_name = figures_unit_scale (FIGURE_UNIT_NS, top, &unit);
  for (size_t v = 0; v < n; v++)
    x[v] /= unit;
  return g_steal_pointer (&x);
}

/* A log x axis for durations only, positive and spanning two decades or
 * more (timeouts from 1 ms to 1 s).  A count or a size is a linear
 * quantity: it keeps a linear axis, however far it spans. */
static bool
sweep_plot_logx (const double *x, size_t n, bool durations)
{
  double lo, hi;

  if (x == NULL || n < 2 || !durations)
    return false;
  lo = hi = x[0];
  for (size_t v = 1; v < n; v++)
    {
      lo = MIN (lo, x[v]);
      hi = MAX (hi, x[v]);
    }
  return lo > 0 && hi / lo >= 100;
}

/* A log y axis for a time only (a latency from milliseconds to seconds)
 * when the values that are not 0 span more than two decades; 0 cannot be
 * drawn there.  Counts, sizes and ratios stay linear. */
static bool
sweep_plot_logy (FigureUnit unit, const double *mean, size_t n)
{
  double lo = INFINITY, hi = 0;

  if (unit != FIGURE_UNIT_NS)
    return false;
  for (size_t i = 0; i < n; i++)
    if (mean[i] > 0)
      {
        lo = MIN (lo, mean[i]);
        hi = MAX (hi, mean[i]);
      }
  return hi > 0 && hi / lo > 100;
}

/* One line of a sweep figure: which figure, of which strategy, at which
 * grid points (base + x * stride), and its name and style in the key. */
typedef struct {
  FigureId figure;
  size_t strategy;
  char *name;
  int part;                      /* 0: the strategy's own figure; else its part */
  size_t base;                   /* the grid point of its x = 0 */
} SweepLine;

static void
sweep_plot_line_clear (SweepLine *l)
{
  g_free (l->name);
}

/* What a title says of the runs behind each point. */
static const char *
sweep_plot_runs_note (const Batch *b)
{
  return b->runs > 1 ? " (mean, 95 % CI)" : " (one run per point)";
}

/* Draws `lines` against the first parameter as figure `file`, in the unit
 * of their first figure.  On a log axis (sweep_plot_logy) a 0 is left out
 * and its line says so in the key. */
static bool
sweep_plot_lines (const Batch *b, PlotSet *p, const char *file, const char *title,
                  const char *ylabel_words, const SweepAxis *axis, const GArray *lines)
{
  size_t nl = lines->len, nx = axis->n_x, n = nx * nl;
  g_autofree double *mean = g_new (double, n);
  g_autofree double *ci = g_new (double, n);
  g_autofree const char **series = g_new (const char *, nl);
  g_autofree const char **colour_of = g_new (const char *, nl);
  g_autofree int *parts = g_new (int, nl);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *ylabel = NULL, *name = g_strdup_printf ("%s%s", file, axis->suffix);
  FigureId first = g_array_index (lines, SweepLine, 0).figure;
  const char *uname;
  double top = 0, unit = 1;
  GError *error = NULL;
  bool logy, ok;

  for (size_t v = 0; v < nx; v++)
    for (size_t k = 0; k < nl; k++)
      {
        const SweepLine *l = &g_array_index (lines, SweepLine, k);

        top = MAX (top, b->mean[batch_cell (b, l->base + v * axis->stride, l->strategy,
                                            l->figure)]);
      }
  uname = figures_unit_scale (figures[first].unit, top, &unit);
  for (size_t v = 0; v < nx; v++)
    for (size_t k = 0; k < nl; k++)
      {
        const SweepLine *l = &g_array_index (lines, SweepLine, k);
        size_t cell = batch_cell (b, l->base + v * axis->stride, l->strategy, l->figure);

        mean[v * nl + k] = b->mean[cell] / unit;
        ci[v * nl + k] = b->half[cell] / unit;
      }
  logy = sweep_plot_logy (figures[first].unit, mean, n);
  for (size_t k = 0; k < nl; k++)
    {
      const SweepLine *l = &g_array_index (lines, SweepLine, k);
      bool hidden_zero = false;

      for (size_t v = 0; v < nx; v++)
        if (logy && mean[v * nl + k] <= 0)
          {
            mean[v * nl + k] = NAN;
            hidden_zero = true;
          }
      g_ptr_array_add (names, hidden_zero ? g_strdup_printf ("%s (0 not drawn)", l->name)
                                          : g_strdup (l->name));
      series[k] = names->pdata[k];
      colour_of[k] = batch_strategy_name (b, l->strategy);
      parts[k] = l->part;
    }
  if (uname != NULL)
    ylabel = g_strdup_printf ("%s (%s%s)", ylabel_words, uname, logy ? ", log scale" : "");
  else
    ylabel = g_strdup_printf ("%s%s", ylabel_words, logy ? " (log scale)" : "");
  ok = plot_lines (p, name, &(PlotText) { title, axis->label, ylabel }, &(PlotTable) {
                     .n_rows = nx, .n_series = nl,
                     .row_labels = axis->x_labels, .x = axis->x,
                     .series = series, .mean = mean, .ci = ci, .logx = axis->log, .logy = logy,
                     .series_are_strategies = true, .series_strategy = colour_of,
                     .series_part = parts }, &error);
  return compare_plot_done (b, ok, &error);
}

/* The lines of strategy `s` for `f`, part `part`: one, or one per value of
 * the second parameter when the axis makes them lines. */
static void
sweep_plot_add_lines (const Batch *b, const SweepAxis *axis, GArray *lines, FigureId f,
                      size_t s, int part, const char *words)
{
  for (size_t j = 0; j < axis->n_lines; j++)
    {
      SweepLine l = { f, s, NULL, part != 0 ? part : axis->n_lines > 1 ? (int) j + 1 : 0,
                      axis->base + j * axis->line_stride };

      if (axis->n_lines > 1)
        {
          g_autofree char *v = plot_sanitize (b->axes[1][j]);
          g_autofree char *path = plot_sanitize (b->paths[1]);

          l.name = g_strdup_printf ("%s%s%s, %s=%s", batch_strategy_name (b, s),
                                    words != NULL ? ": " : "", words != NULL ? words : "", path,
                                    v);
        }
      else
        l.name = words != NULL ? g_strdup_printf ("%s: %s", batch_strategy_name (b, s), words)
                               : g_strdup (batch_strategy_name (b, s));
      g_array_append_val (lines, l);
    }
}

/* Figure `f` against the first parameter, one line per strategy. */
static bool
sweep_plot_figure (const Batch *b, PlotSet *p, const char *scenario, const char *param,
                   const SweepAxis *axis, FigureId f)
{
  g_autoptr (GArray) lines = g_array_new (FALSE, TRUE, sizeof (SweepLine));
  g_autofree char *name = g_strdup_printf ("sweep-%s", figures[f].file);
  g_autofree char *title = g_strdup_printf ("%s: %s against %s%s%s", scenario, figures[f].label,
                                            param, axis->at, sweep_plot_runs_note (b));

  g_array_set_clear_func (lines, (GDestroyNotify) sweep_plot_line_clear);
  for (size_t s = 0; s < b->n_strategies; s++)
    sweep_plot_add_lines (b, axis, lines, f, s, 0, NULL);
  return sweep_plot_lines (b, p, name, title, figures[f].label, axis, lines);
}

/* GUI drops split by cause, one line per strategy and cause that dropped
 * anything: an overflow (a client that stops fetching loses its own events
 * and nobody waits) is not a timeout (the server gave up on a slow client),
 * and one line of totals would hide that. */
static bool
sweep_plot_gui_drops (const Batch *b, PlotSet *p, const char *scenario, const char *param,
                      const SweepAxis *axis)
{
  static const char *const cause_names[FIGURE_DROP_COUNT] = {
    /* ORDER FigureDropCause */
    "send timed out (the server gave up on the client)",
    "client's buffer full (that client's own events)",
    "client dead",
  };
  G_STATIC_ASSERT (G_N_ELEMENTS (cause_names) == FIGURE_DROP_COUNT);
  g_autoptr (GArray) lines = g_array_new (FALSE, TRUE, sizeof (SweepLine));
  g_autofree char *title = g_strdup_printf ("%s: GUI events dropped, by cause, against %s%s%s",
                                            scenario, param, axis->at,
                                            sweep_plot_runs_note (b));

  g_array_set_clear_func (lines, (GDestroyNotify) sweep_plot_line_clear);
  for (size_t s = 0; s < b->n_strategies; s++)
    for (int c = 0; c < FIGURE_DROP_COUNT; c++)
      {
        FigureId f = figures_drop_cause_figure ((FigureDropCause) c);
        bool any = false;

        for (size_t v = 0; v < b->n_values; v++)
          any = any || b->mean[batch_cell (b, v, s, f)] != 0;
        if (any)
          sweep_plot_add_lines (b, axis, lines, f, s, c + 1, cause_names[c]);
      }
  /* Nothing dropped anywhere: the totals, a flat 0, say so. */
  if (lines->len == 0)
    return sweep_plot_figure (b, p, scenario, param, axis, FIG_GUI_DROPPED);
  return sweep_plot_lines (b, p, "sweep-gui-dropped", title, "GUI events dropped", axis, lines);
}

/* Which figures a sweep draws: those that are not 0 everywhere, of the
 * scenario's kind.  In a GUI scenario the IPC and signal counts are mostly the input
 * driver's and the server's own traffic, not what the sweep is about, and
 * the timer's lateness is scheduling noise outside the timer lesson: the
 * tables keep them, the plots do not.  The GUI drops by cause are one
 * figure, sweep-gui-dropped. */
static bool
sweep_plot_wanted (const Batch *b, FigureId f)
{
  if (figures_drop_cause_of (f) != FIGURE_DROP_COUNT)
    return false;
  return batch_figure_nonzero (b, f) && batch_on_topic (b, figures[f].topic);
}

/* Every figure the sweep draws, at one combination of the parameters the
 * axis does not show. */
static bool
sweep_plot_all (const Batch *b, PlotSet *p, const char *scenario, const char *param,
                const SweepAxis *axis, GString *left_out)
{
  bool ok = true;

  for (size_t k = 0; k < b->n_compared; k++)
    {
      FigureId f = b->compared[k];

      if (!sweep_plot_wanted (b, f))
        {
          if (left_out != NULL && batch_figure_nonzero (b, f)
              && figures[f].topic != FIGURE_TOPIC_GUI)
            g_string_append_printf (left_out, "%s%s", left_out->len > 0 ? ", " : "",
                                    figures[f].label);
          continue;
        }
      if (f == FIG_GUI_DROPPED)
        ok = sweep_plot_gui_drops (b, p, scenario, param, axis) && ok;
      else
        ok = sweep_plot_figure (b, p, scenario, param, axis, f) && ok;
    }
  return ok;
}

bool
compare_plots_sweep (const Batch *b, PlotSet *p, bool quiet)
{
  g_autofree char *scenario = plot_sanitize (b->scenario);
  g_autofree char *param = plot_sanitize (b->paths[0]);
  const char *xunit;
  bool durations;
  g_autofree double *x = sweep_plot_x ((const char *const *) b->axes[0], b->axis_len[0], &xunit,
                                       &durations);
  g_autofree char *xlabel = xunit[0] != '\0' ? g_strdup_printf ("%s (%s)", param, xunit)
                                             : g_strdup (param);
  g_autoptr (GString) left_out = g_string_new (NULL);
  SweepAxis axis = { x, xlabel, sweep_plot_logx (x, b->axis_len[0], durations),
                     b->axis_len[0], b->n_values / b->axis_len[0],
                     (const char *const *) b->axes[0], 1, 0, 0, "", "" };
  /* The parameters after the first that are not lines: one figure for
   * each combination of their values. */
  size_t first_rest = 1, combos = axis.stride;
  bool ok = true;

  if (b->n_params > 1 && b->axis_len[1] <= SWEEP_PLOT_FEW_LINES)
    {
      axis.n_lines = b->axis_len[1];
      axis.line_stride = axis.stride / b->axis_len[1];
      combos = axis.line_stride;
      first_rest = 2;
    }
  for (size_t c = 0; c < combos; c++)
    {
      g_autoptr (GString) at = g_string_new (NULL);
      g_autofree char *suffix = combos > 1 ? g_strdup_printf ("-at-%zu", c + 1) : g_strdup ("");

      /* Grid point c of the rest: the values of parameters first_rest.. */
      for (size_t q = first_rest; q < b->n_params; q++)
        {
          g_autofree char *path = plot_sanitize (b->paths[q]);
          g_autofree char *v = plot_sanitize (b->axes[q][batch_axis_index (b, c, q)]);

          g_string_append_printf (at, "%s%s=%s", at->len > 0 ? ", " : " at ", path, v);
        }
      axis.base = c;
      axis.at = at->str;
      axis.suffix = suffix;
      ok = sweep_plot_all (b, p, scenario, param, &axis, c == 0 ? left_out : NULL) && ok;
    }
  if (left_out->len > 0 && !quiet)
    cli_message (b->command, "not plotted, as off the scenario's topic (the tables have "
                 "them): %s", left_out->str);
  return ok;
}
