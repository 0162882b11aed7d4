/* The progress line (see progress.h).  The batch's main thread wakes every
 * few tens of milliseconds to look for signals; it calls progress_update()
 * then, so the line costs no thread of its own. */
#include "sim/progress.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define PROGRESS_DELAY_US   G_USEC_PER_SEC          /* nothing in the first second */
#define PROGRESS_EVERY_US   (G_USEC_PER_SEC / 10)   /* redraw at most this often */
#define PROGRESS_BAR_MAX    30                      /* characters of the bar itself */

struct _Progress {
  FILE *out;
  bool enabled;
  bool drawn;                    /* a line is on the terminal */
  gint64 start, last;
};

Progress *
progress_new (FILE *out)
{
  Progress *p = g_new0 (Progress, 1);

  p->out = out;
  p->enabled = isatty (fileno (out)) == 1;
  p->start = g_get_monotonic_time ();
  return p;
}

void
progress_free (Progress *p)
{
  if (p == NULL)
    return;
  progress_end (p);
  g_free (p);
}

bool
progress_enabled (const Progress *p)
{
  return p != NULL && p->enabled;
}

int
progress_columns (int fd)
{
  const char *env = g_getenv ("COLUMNS");
  struct winsize ws;

  if (env != NULL && env[0] != '\0')
    {
      char *end;
      long n = strtol (env, &end, 10);

      if (*end == '\0' && n > 0 && n < 10000)
        return (int) n;
    }
  if (isatty (fd) == 1 && ioctl (fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  return 80;
}

/* "m:ss", or "h:mm:ss" from an hour on. */
static void
progress_clock (GString *s, double seconds)
{
  long t = seconds > 0 ? (long) (seconds + 0.5) : 0;

  if (t >= 3600)
    g_string_append_printf (s, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
  else
    g_string_append_printf (s, "%ld:%02ld", t / 60, t % 60);
}

char *
progress_line (size_t done, size_t total, double elapsed, int width)
{
  g_autoptr (GString) tail = g_string_new (NULL);
  GString *s = g_string_new (NULL);
  int bar;

  g_string_append_printf (tail, " %zu/%zu runs  ", done, total);
  progress_clock (tail, elapsed);
  g_string_append (tail, " elapsed");
  if (done > 0 && done < total)
    {
      g_string_append (tail, ", ");
      progress_clock (tail, elapsed * (double) (total - done) / (double) done);
      g_string_append (tail, " left");
    }
  /* The bar takes what the words leave, within bounds; none on a narrow
   * terminal, where the words alone are cut to fit. */
  bar = MIN (PROGRESS_BAR_MAX, width - 1 - (int) tail->len - 2);
  if (bar >= 5)
    {
      int full = total > 0 ? (int) ((double) bar * (double) done / (double) total) : 0;

      g_string_append_c (s, '[');
      for (int i = 0; i < bar; i++)
        g_string_append_c (s, i < full ? '#' : '.');
      g_string_append_c (s, ']');
    }
  g_string_append (s, tail->str);
  if (width > 1 && s->len > (size_t) width - 1)
    g_string_truncate (s, (size_t) width - 1);
  return g_string_free (s, FALSE);
}

void
progress_update (Progress *p, size_t done, size_t total)
{
  gint64 now;
  g_autofree char *line = NULL;

  if (p == NULL || !p->enabled)
    return;
  now = g_get_monotonic_time ();
  if (now - p->start < PROGRESS_DELAY_US || (p->drawn && now - p->last < PROGRESS_EVERY_US))
    return;
  p->last = now;
  line = progress_line (done, total, (double) (now - p->start) / G_USEC_PER_SEC,
                        progress_columns (fileno (p->out)));
  /* Carriage return, the line, erase to its end: no scrolling. */
  fprintf (p->out, "\r%s\033[K", line);
  fflush (p->out);
  p->drawn = true;
}

void
progress_end (Progress *p)
{
  if (p == NULL || !p->drawn)
    return;
  fputs ("\r\033[K", p->out);
  fflush (p->out);
  p->drawn = false;
}
