/* The thread-state timeline (Gantt chart) of the gnuplot driver, from a
 * Chrome trace that sim/engine/trace.c wrote, read back by sim/timeline.c,
 * with the moments the caller marks. */
#include "sim/plot_priv.h"

#include <string.h>

#include "models/result.h"
#include "sim/timeline.h"

/* A timeline grows with its threads, up to a height a screen can scroll. */
#define PLOT_TIMELINE_FRAME   160   /* pixels of title, axis and key */
#define PLOT_TIMELINE_ROW     26    /* pixels per thread */
#define PLOT_TIMELINE_HEIGHT_MAX 2400

/* The data: one block per thread state that occurs, whose names go to
 * `states` in the same order. */
static void
timeline_write (GString *dat, const PlotText *text, const Timeline *tl, GPtrArray *states)
{
  plot_dat_header (dat, text, "start (ms), end (ms), row (thread from the top, 0 = first); "
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

          plot_dat_double (dat, (double) sl->start / 1e6);
          plot_dat_double (dat, (double) sl->end / 1e6);
          g_string_append_printf (dat, " %d\n", sl->row);
        }
    }
}

/* The marks on rows drawn: "(what)" after the row's name, and those inside
 * the window as the last block of `dat` (time in ms, row, "what"); the
 * number of those. */
static size_t
timeline_marks (GString *dat, const Timeline *tl, const PlotMark *marks, size_t n_marks,
                int64_t from_ns, int64_t to_ns, bool first_block)
{
  size_t drawn = 0;

  for (size_t m = 0; m < n_marks; m++)
    for (guint row = 0; row < tl->raw->len; row++)
      {
        char *named;

        if (strcmp (tl->raw->pdata[row], marks[m].thread) != 0)
          continue;
        named = g_strdup_printf ("%s (%s)", (char *) tl->tracks->pdata[row], marks[m].what);
        g_free (tl->tracks->pdata[row]);
        tl->tracks->pdata[row] = named;
        if (marks[m].at_ns < from_ns || marks[m].at_ns >= to_ns)
          continue;
        if (drawn++ == 0)
          g_string_append_printf (dat, "%s# marks: time (ms), row, what\n",
                                  first_block ? "" : "\n\n");
        plot_dat_double (dat, (double) marks[m].at_ns / 1e6);
        /* Our own word: no '"' in it. */
        g_string_append_printf (dat, " %u \"%s\"\n", row, marks[m].what);
      }
  return drawn;
}

bool
plot_timeline (PlotSet *p, const char *name, const PlotText *text, const char *trace_path,
               int64_t from_ns, int64_t to_ns, size_t max_tracks, const PlotMark *marks,
               size_t n_marks, GError **error)
{
  g_autofree char *trace = NULL;
  g_autoptr (GString) dat = g_string_new (NULL);
  g_autoptr (GString) vars = g_string_new (NULL);
  g_autoptr (GPtrArray) states = g_ptr_array_new ();
  g_autofree char *datafile = g_strdup_printf ("%s.dat", name);
  g_auto (Timeline) tl = { 0 };
  size_t rows, drawn;

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
  drawn = timeline_marks (dat, &tl, marks, n_marks, from_ns, to_ns, false);
  plot_var_text (vars, text, datafile);
  if (tl.all_tracks > rows)
    {
      g_autofree char *ylabel = g_strdup_printf ("%s (the first %zu of %zu)", text->ylabel,
                                                 rows, tl.all_tracks);

      plot_var_string (vars, "fig_ylabel", ylabel);
    }
  plot_var_array (vars, "tracks", (const char *const *) tl.tracks->pdata, rows);
  plot_var_array (vars, "states", (const char *const *) states->pdata, states->len);
  plot_var_double (vars, "xfrom", (double) from_ns / 1e6);
  plot_var_double (vars, "xto", (double) to_ns / 1e6);
  /* The marks are the block after the states'. */
  plot_var_int (vars, "marks", drawn > 0);
  if (!plot_write (p, datafile, dat->str, error))
    return false;
  return plot_render (p, name, text->title, vars->str, "timeline.gp",
                      MIN (PLOT_TIMELINE_HEIGHT_MAX,
                           PLOT_TIMELINE_FRAME + PLOT_TIMELINE_ROW * (int) rows),
                      PLOT_SVG_REPLOT, error);
}
