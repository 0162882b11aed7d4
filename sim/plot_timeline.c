/* The thread-state timeline (Gantt chart) of the gnuplot driver, read back
 * from a Chrome trace that sim/engine/trace.c wrote. */
#include "sim/plot_priv.h"

#include <math.h>
#include <string.h>

#include "models/result.h"

/* A timeline grows with its threads, up to a height a screen can scroll. */
#define PLOT_TIMELINE_FRAME   160   /* pixels of title, axis and key */
#define PLOT_TIMELINE_ROW     26    /* pixels per thread */
#define PLOT_TIMELINE_HEIGHT_MAX 2400

/* ---- timeline --------------------------------------------------------- */

/* The trace reader.  sim/engine/trace.c writes one event object per line, in a
 * fixed shape, so a few string searches read it; a full JSON parser would
 * mean cJSON outside the loader. */

typedef struct {
  int64_t start, end;
  int row;
} TimelineSlice;

/* What a timeline draws, as read from a trace. */
typedef struct {
  GPtrArray *tracks;             /* sanitized names of the tracks drawn, row order */
  GPtrArray *raw;                /* ... as the trace has them */
  size_t max_tracks;             /* rows at most */
  size_t all_tracks;             /* tracks in the trace */
  GArray *by_state[TS_COUNT];    /* TimelineSlice per thread state */
} Timeline;

static void
timeline_init (Timeline *tl, size_t max_tracks)
{
  tl->tracks = g_ptr_array_new_with_free_func (g_free);
  tl->raw = g_ptr_array_new_with_free_func (g_free);
  tl->max_tracks = max_tracks;
  tl->all_tracks = 0;
  for (int i = 0; i < TS_COUNT; i++)
    tl->by_state[i] = g_array_new (FALSE, FALSE, sizeof (TimelineSlice));
}

/* A zeroed Timeline is fine too. */
static void
timeline_clear (Timeline *tl)
{
  g_clear_pointer (&tl->tracks, g_ptr_array_unref);
  g_clear_pointer (&tl->raw, g_ptr_array_unref);
  for (int i = 0; i < TS_COUNT; i++)
    g_clear_pointer (&tl->by_state[i], g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Timeline, timeline_clear)

/* Where the value after `"key":` on `line` begins; NULL if absent. */
static const char *
timeline_field (const char *line, const char *key)
{
  g_autofree char *pat = g_strdup_printf ("\"%s\":", key);
  const char *at = strstr (line, pat);

  return at != NULL ? at + strlen (pat) : NULL;
}

/* The integer after `"key":` on `line`; false if absent. */
static bool
timeline_field_int (const char *line, const char *key, long *out)
{
  const char *at = timeline_field (line, key);
  char *end;

  if (at == NULL)
    return false;
  *out = strtol (at, &end, 10);
  return end != at;
}

/* Microseconds with three decimals ("12.345") after `"key":`, as integer ns. */
static bool
timeline_field_us (const char *line, const char *key, int64_t *out)
{
  const char *at = timeline_field (line, key);
  double us;
  char *end;

  if (at == NULL)
    return false;
  us = g_ascii_strtod (at, &end);
  if (end == at || !isfinite (us))
    return false;
  *out = (int64_t) llround (us * 1000.0);
  return true;
}

/* The JSON string after `"key":` (the first occurrence from `from`), with
 * \" and \\ undone and other escapes dropped; NULL if absent. */
static char *
timeline_field_string (const char *from, const char *key)
{
  g_autofree char *pat = g_strdup_printf ("\"%s\":\"", key);
  const char *p = strstr (from, pat);
  GString *s;

  if (p == NULL)
    return NULL;
  s = g_string_new (NULL);
  for (p += strlen (pat); *p != '\0' && *p != '"'; p++)
    {
      if (*p != '\\')
        {
          g_string_append_c (s, *p);
          continue;
        }
      p++;
      if (*p == '"' || *p == '\\')
        g_string_append_c (s, *p);
      else if (*p == 'u')
        {
          g_string_append_c (s, ' ');
          for (int i = 0; i < 4 && p[1] != '\0'; i++)
            p++;
        }
      else if (*p == '\0')
        break;
    }
  return g_string_free (s, FALSE);
}

static int
timeline_state_index (const char *name)
{
  for (int i = 0; i < TS_COUNT; i++)
    if (strcmp (name, thread_state_names[i]) == 0)
      return i;
  return -1;
}

/* A thread track's name ("ph":"M"), kept while rows are left.  Tracks are
 * declared in order, tid 1, 2, ...: row = tid - 1. */
static void
timeline_read_track (Timeline *tl, const char *line, long tid)
{
  const char *args = strstr (line, "\"args\":");
  g_autofree char *name = args != NULL ? timeline_field_string (args, "name") : NULL;

  tl->all_tracks = MAX (tl->all_tracks, (size_t) tid);
  if ((size_t) tid <= tl->max_tracks && (size_t) tid == tl->tracks->len + 1)
    {
      g_ptr_array_add (tl->tracks, plot_sanitize (name));
      g_ptr_array_add (tl->raw, g_strdup (name != NULL ? name : ""));
    }
}

/* A state slice ("ph":"X") of a track drawn; anything unreadable is skipped. */
static void
timeline_read_slice (Timeline *tl, const char *line, long tid)
{
  g_autofree char *state = timeline_field_string (line, "name");
  int si = state != NULL ? timeline_state_index (state) : -1;
  TimelineSlice sl = { .row = (int) tid - 1 };
  int64_t dur;

  if (si < 0 || !timeline_field_us (line, "ts", &sl.start)
      || !timeline_field_us (line, "dur", &dur))
    return;
  sl.end = sl.start + dur;
  g_array_append_val (tl->by_state[si], sl);
}

static void
timeline_read (Timeline *tl, const char *trace)
{
  g_auto (GStrv) lines = g_strsplit (trace, "\n", -1);

  for (char **l = lines; *l != NULL; l++)
    {
      long tid;

      if (!timeline_field_int (*l, "tid", &tid) || tid < 1)
        continue;
      if (strstr (*l, "\"ph\":\"M\"") != NULL && strstr (*l, "\"name\":\"thread_name\"") != NULL)
        timeline_read_track (tl, *l, tid);
      else if (strstr (*l, "\"ph\":\"X\"") != NULL && (size_t) tid <= tl->tracks->len)
        timeline_read_slice (tl, *l, tid);
    }
}

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
