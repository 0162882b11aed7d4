/* The reader of the trace files that the thread timelines of compare --plot
 * are drawn from (see timeline.h). */
#include "sim/timeline.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/plot.h"

void
timeline_init (Timeline *tl, size_t max_tracks)
{
  tl->tracks = g_ptr_array_new_with_free_func (g_free);
  tl->raw = g_ptr_array_new_with_free_func (g_free);
  tl->max_tracks = max_tracks;
  tl->all_tracks = 0;
  for (int i = 0; i < TS_COUNT; i++)
    tl->by_state[i] = g_array_new (FALSE, FALSE, sizeof (TimelineSlice));
}

void
timeline_clear (Timeline *tl)
{
  g_clear_pointer (&tl->tracks, g_ptr_array_unref);
  g_clear_pointer (&tl->raw, g_ptr_array_unref);
  for (int i = 0; i < TS_COUNT; i++)
    g_clear_pointer (&tl->by_state[i], g_array_unref);
}

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

void
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
