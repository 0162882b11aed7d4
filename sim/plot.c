/* The gnuplot driver: data files, self-contained scripts made of a header of
 * variables plus the templates of plots/, and gnuplot run on them by argv.
 * See plot.h for what may reach a script and how it is kept inert.  This
 * file finds gnuplot and the templates, makes text safe, and writes and
 * runs the scripts; the figures are plot_cdf.c (distributions),
 * plot_table.c (bars, lines, panels) and plot_timeline.c (thread states).
 *
 * A script draws its PNG first and then, with `replot`, its SVG, so each
 * figure is a single plot command in its template; only the panels, a
 * multiplot that replot cannot repeat, are drawn twice.  PNG uses the cairo
 * terminal when this gnuplot has it (anti-aliased, UTF-8 labels), else the
 * plain libgd one.  Terminals are `noenhanced`: enhanced text would read
 * '_' and '^' in names as sub- and superscripts. */
#include "sim/plot_priv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "sim/cli.h"
#include "sim/outfile.h"

#define PLOT_STYLE        "style.gp"  /* the template every script starts with */
#define PLOT_SANITIZE_MAX 60        /* bytes of a sanitized name */
#define PLOT_ELLIPSIS     "..."     /* where a long name was shortened */

/* ---- finding things --------------------------------------------------- */

/* $MKSIM_GNUPLOT names the program ("" = none, for testing the fallback). */
static char *
plot_find_gnuplot (void)
{
  const char *env = g_getenv ("MKSIM_GNUPLOT");

  if (env != NULL)
    return env[0] != '\0' ? g_find_program_in_path (env) : NULL;
  return g_find_program_in_path ("gnuplot");
}

static bool
plot_has_pngcairo (const char *gnuplot)
{
  const char *argv[] = { gnuplot, "-e", "set terminal pngcairo", NULL };
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     NULL, NULL, &status, NULL))
    return false;
  return g_spawn_check_wait_status (status, NULL);
}

PlotSet *
plot_set_new (const char *dir, GError **error)
{
  g_autofree char *templates = cli_data_dir ("MKSIM_PLOTS", "plots", PLOT_STYLE);
  g_autofree char *style = g_build_filename (templates, PLOT_STYLE, NULL);
  PlotSet *p;

  g_return_val_if_fail (dir != NULL, NULL);
  if (!g_file_test (style, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "the plot templates are missing (no %s); set MKSIM_PLOTS to the plots/ "
                   "folder of mksim", style);
      return NULL;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int errsv = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   "cannot create the plot folder '%s': %s", dir, g_strerror (errsv));
      return NULL;
    }
  p = g_new0 (PlotSet, 1);
  p->dir = g_strdup (dir);
  p->templates = g_steal_pointer (&templates);
  p->drawn = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (p->drawn, NULL);
  p->gnuplot = plot_find_gnuplot ();
  if (p->gnuplot != NULL)
    p->pngcairo = plot_has_pngcairo (p->gnuplot);
  else
    {
      g_autofree char *shown = escape_text (dir, false);

      fprintf (stderr, "mksim: gnuplot not found: writing the plot data and scripts to '%s' "
               "without images (install gnuplot-nox, then run 'gnuplot NAME.gp' there)\n",
               shown);
    }
  return p;
}

void
plot_set_free (PlotSet *p)
{
  if (p == NULL)
    return;
  g_free (p->dir);
  g_free (p->gnuplot);
  g_free (p->templates);
  g_ptr_array_unref (p->drawn);
  g_free (p);
}

const char *
plot_set_dir (const PlotSet *p)
{
  return p->dir;
}

bool
plot_set_drawing (const PlotSet *p)
{
  return p->gnuplot != NULL;
}

char *
plot_set_path (const PlotSet *p, const char *name)
{
  return g_build_filename (p->dir, name, NULL);
}

const char *const *
plot_set_drawn (const PlotSet *p, size_t *n)
{
  *n = p->drawn->len - 1;
  return (const char *const *) p->drawn->pdata;
}

/* ---- text ------------------------------------------------------------- */

static bool
plot_safe_byte (unsigned char c)
{
  return g_ascii_isalnum (c) || c == ' ' || c == '.' || c == '_' || c == '-' || c == '['
         || c == ']';
}

/* Drops trailing blanks of `s`. */
static void
plot_trim_end (GString *s)
{
  while (s->len > 0 && s->str[s->len - 1] == ' ')
    g_string_truncate (s, s->len - 1);
}

/* A long name is shortened in the middle, not at the end: what tells
 * names apart is often at the end, like the "[3]" of thread
 * "app.worker[3]" among its siblings. */
char *
plot_sanitize (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const unsigned char *p = (const unsigned char *) (text != NULL ? text : ""); *p; p++)
    {
      char c = plot_safe_byte (*p) ? (char) *p : ' ';

      if (c == ' ' && (s->len == 0 || s->str[s->len - 1] == ' '))
        continue;
      g_string_append_c (s, c);
    }
  plot_trim_end (s);
  if (s->len > PLOT_SANITIZE_MAX)
    {
      /* Every byte is ASCII now, so any cut is between characters. */
      size_t tail = (PLOT_SANITIZE_MAX - strlen (PLOT_ELLIPSIS)) / 2;
      size_t head = PLOT_SANITIZE_MAX - strlen (PLOT_ELLIPSIS) - tail;
      g_autofree char *end = g_strdup (s->str + s->len - tail);

      g_string_truncate (s, head);
      plot_trim_end (s);
      g_string_append (s, PLOT_ELLIPSIS);
      g_string_append (s, end + strspn (end, " "));
    }
  if (s->len == 0)
    g_string_assign (s, "unnamed");
  return g_string_free (s, FALSE);
}

char *
plot_script_string (const char *text)
{
  GString *s = g_string_new ("'");

  for (const unsigned char *p = (const unsigned char *) (text != NULL ? text : ""); *p; p++)
    {
      /* Single quotes stop backquote and macro expansion, but a byte that
       * ends the line would end the string too; the rest is belt and braces. */
      if (*p < 0x20 || *p == 0x7f || *p == '`' || *p == '@' || *p == '\\')
        continue;
      if (*p == '\'')
        g_string_append_c (s, '\'');
      g_string_append_c (s, (char) *p);
    }
  g_string_append_c (s, '\'');
  return g_string_free (s, FALSE);
}

/* Text for a comment line of a script or data file: nothing in it may end
 * the line. */
char *
plot_comment (const char *text)
{
  char *s = g_strdup (text != NULL ? text : "");

  for (char *p = s; *p != '\0'; p++)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      *p = ' ';
  return s;
}

/* ---- script pieces ---------------------------------------------------- */

void
plot_var_string (GString *s, const char *name, const char *value)
{
  g_autofree char *q = plot_script_string (value);

  g_string_append_printf (s, "%s = %s\n", name, q);
}

void
plot_var_int (GString *s, const char *name, long value)
{
  g_string_append_printf (s, "%s = %ld\n", name, value);
}

void
plot_var_double (GString *s, const char *name, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (s, "%s = %s\n", name, g_ascii_formatd (buf, sizeof buf, "%.9g", value));
}

void
plot_var_array (GString *s, const char *name, const char *const *items, size_t n)
{
  g_string_append_printf (s, "array %s[%zu] = [", name, n);
  for (size_t i = 0; i < n; i++)
    {
      g_autofree char *q = plot_script_string (items[i]);

      g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", q);
    }
  g_string_append (s, "]\n");
}

void
plot_var_int_array (GString *s, const char *name, const int *items, size_t n)
{
  g_string_append_printf (s, "array %s[%zu] = [", name, n);
  for (size_t i = 0; i < n; i++)
    g_string_append_printf (s, "%s%d", i > 0 ? ", " : "", items[i]);
  g_string_append (s, "]\n");
}

void
plot_var_double_array (GString *s, const char *name, const double *items, size_t n)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (s, "array %s[%zu] = [", name, n);
  for (size_t i = 0; i < n; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? ", " : "",
                            g_ascii_formatd (buf, sizeof buf, "%.9g", items[i]));
  g_string_append (s, "]\n");
}

void
plot_var_text (GString *s, const PlotText *text, const char *datafile)
{
  plot_var_string (s, "fig_title", text->title);
  plot_var_string (s, "fig_xlabel", text->xlabel);
  plot_var_string (s, "fig_ylabel", text->ylabel);
  plot_var_string (s, "datafile", datafile);
}

/* The first lines of a data file: what it holds, as comments. */
void
plot_dat_header (GString *dat, const PlotText *text, const char *columns)
{
  g_autofree char *title = plot_comment (text->title);
  g_autofree char *xlabel = plot_comment (text->xlabel);
  g_autofree char *ylabel = plot_comment (text->ylabel);

  g_string_append_printf (dat, "# %s\n# x: %s\n# y: %s\n# columns: %s\n", title, xlabel,
                          ylabel, columns);
}

/* A number for a data file: C locale, "?" (gnuplot's missing) if not finite. */
void
plot_dat_double (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (s, ' ');
  if (!isfinite (v))
    g_string_append_c (s, '?');
  else
    g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.9g", v));
}

static bool
plot_read_template (const PlotSet *p, const char *file, char **text, GError **error)
{
  g_autofree char *path = g_build_filename (p->templates, file, NULL);

  return g_file_get_contents (path, text, NULL, error);
}

bool
plot_write (const PlotSet *p, const char *file, const char *text, GError **error)
{
  g_autofree char *path = plot_set_path (p, file);

  return outfile_write (path, text, error);
}


/* The script of figure NAME: what it draws, its variables, the PNG
 * terminal, the style and the figure's template, then the SVG. */
static char *
plot_script (const PlotSet *p, const char *name, const char *what, const char *vars,
             const char *style, const char *template, const char *figure, int height,
             PlotSvg svg_by)
{
  g_autofree char *safe_what = plot_comment (what);
  g_autofree char *png_file = g_strdup_printf ("%s.png", name);
  g_autofree char *svg_file = g_strdup_printf ("%s.svg", name);
  g_autofree char *png = plot_script_string (png_file);
  g_autofree char *svg = plot_script_string (svg_file);
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "# %s, drawn by mksim.  Redraw with: gnuplot %s.gp\n"
                          "# The data is %s.dat beside this file.\n\n", safe_what, name, name);
  g_string_append (s, "# ---- this figure ----\n");
  g_string_append (s, vars);
  g_string_append_printf (s, "\n# ---- the picture: %s.png, then %s.svg ----\n", name, name);
  g_string_append_printf (s, "set terminal %s size %d,%d noenhanced%s\n",
                          p->pngcairo ? "pngcairo" : "png", PLOT_WIDTH, height,
                          p->pngcairo ? " font 'Sans,11'" : "");
  g_string_append_printf (s, "set output %s\n", png);
  g_string_append_printf (s, "\n# ---- style (plots/%s) ----\n%s", PLOT_STYLE, style);
  g_string_append_printf (s, "\n# ---- figure (plots/%s) ----\n%s", template, figure);
  g_string_append_printf (s, "\nset terminal svg size %d,%d noenhanced font 'Sans,11' "
                          "background '#ffffff'\n", PLOT_WIDTH, height);
  g_string_append_printf (s, "set output %s\n", svg);
  switch (svg_by)
    {
    case PLOT_SVG_REPLOT:
      g_string_append (s, "replot\n");
      break;
    case PLOT_SVG_REDRAW:
      g_string_append_printf (s, "\n# ---- the figure again (plots/%s) ----\n%s", template,
                              figure);
      break;
    }
  g_string_append (s, "unset output\n");
  return g_string_free (s, FALSE);
}

/* Runs gnuplot on `script_name` inside the plot folder. */
static bool
plot_run_gnuplot (const PlotSet *p, const char *script_name, GError **error)
{
  const char *argv[] = { p->gnuplot, script_name, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;

  if (!g_spawn_sync (p->dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, error))
    return false;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "gnuplot failed on %s/%s:\n%s", p->dir, script_name,
                   err != NULL ? g_strchomp (err) : "");
      return false;
    }
  return true;
}

/* Writes NAME.gp from `vars` and the template, and draws it if it can. */
bool
plot_render (PlotSet *p, const char *name, const char *what, const char *vars,
             const char *template, int height, PlotSvg svg_by, GError **error)
{
  g_autofree char *style = NULL, *figure = NULL, *script = NULL;
  g_autofree char *script_name = g_strdup_printf ("%s.gp", name);

  if (!plot_read_template (p, PLOT_STYLE, &style, error)
      || !plot_read_template (p, template, &figure, error))
    return false;
  script = plot_script (p, name, what, vars, style, template, figure, height, svg_by);
  if (!plot_write (p, script_name, script, error))
    return false;
  if (p->gnuplot == NULL)
    return true;
  if (!plot_run_gnuplot (p, script_name, error))
    return false;
  /* Kept NULL-terminated. */
  p->drawn->pdata[p->drawn->len - 1] = g_strdup (name);
  g_ptr_array_add (p->drawn, NULL);
  return true;
}
