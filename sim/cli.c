/* The helpers every mksim subcommand shares (see cli.h).  One copy keeps
 * the messages, the exit statuses and the scenario lookup the same for
 * every command: when main.c and compare.c each had their own, compare
 * searched every candidate folder for NAME while list and run used only the
 * first folder that exists, so `mksim list` and `mksim compare NAME` could
 * disagree on which file NAME meant.
 *
 * Messages go to stderr, always as "mksim COMMAND: ...", so a script that
 * runs several commands can tell whose message it is. */
#include "sim/cli.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sim/engine/textfit.h"
#include "sim/progress.h"
#include "sim/suggest.h"

#ifndef MKSIM_PREFIX
#define MKSIM_PREFIX "/usr/local"
#endif

int
cli_room (int fd)
{
  return MAX (progress_columns (fd) - 1, 20);
}

void
cli_put_fitted (FILE *out, const char *text)
{
  g_autofree char *fitted = textfit_lines (text, cli_room (fileno (out)));

  fputs (fitted, out);
}

/* GOption prints --help with g_print() and exits: its option lines run as
 * wide as their descriptions. */
static void
cli_print_help (const char *text)
{
  cli_put_fitted (stdout, text);
}

static int
cli_compare_names (const char **a, const char **b)
{
  return strcmp (*a, *b);
}

/* "; did you mean --strategy?" for the first long option of `given` (up
 * to "--") that none of `entries` is, or NULL if none is close. */
static char *
cli_option_hint (const GOptionEntry *entries, char **given)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (const GOptionEntry *e = entries; e->long_name != NULL; e++)
    g_ptr_array_add (names, (char *) e->long_name);
  g_ptr_array_add (names, (char *) "help");
  for (char **a = given + 1; *a != NULL && strcmp (*a, "--") != 0; a++)
    {
      g_autofree char *name = NULL;
      const char *close;
      bool known = false;

      if (!g_str_has_prefix (*a, "--") || (*a)[2] == '\0')
        continue;
      name = g_strndup (*a + 2, strcspn (*a + 2, "="));
      for (guint i = 0; i < names->len && !known; i++)
        known = strcmp (name, names->pdata[i]) == 0;
      if (known)
        continue;
      close = suggest_name (name, (const char *const *) names->pdata, names->len);
      return close != NULL ? g_strdup_printf ("; did you mean --%s?", close) : NULL;
    }
  return NULL;
}

char *
cli_did_you_mean (const char *word, const char *const *candidates, size_t n)
{
  const char *close = suggest_name (word, candidates, n);

  return close != NULL ? g_strdup_printf (": did you mean %s?", close) : g_strdup ("");
}

const char *
cli_closest_strategy (const char *word)
{
  return suggest_name (word, strategy_names, STRATEGY_COUNT);
}

char *
cli_closest_scenario (const char *arg)
{
  g_autofree char *dir = NULL;
  g_autoptr (GDir) d = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *stem = NULL;
  const char *name, *close;

  g_autofree char *path = cli_resolve_scenario (arg);

  /* A file, a path, "-", or a name that is bundled: nothing to guess. */
  if (strcmp (arg, "-") == 0 || strchr (arg, '/') != NULL || g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  dir = cli_scenarios_dir ();
  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".json") && strcmp (name, "schema.json") != 0)
      g_ptr_array_add (names, g_strndup (name, strlen (name) - 5));
  g_ptr_array_sort (names, (GCompareFunc) cli_compare_names);
  stem = g_str_has_suffix (arg, ".json") ? g_strndup (arg, strlen (arg) - 5) : g_strdup (arg);
  close = suggest_name (stem, (const char *const *) names->pdata, names->len);
  return close != NULL ? g_strdup (close) : NULL;
}

MksimExit
cli_check_scenario_arg (const char *command, const char *arg)
{
  g_autofree char *close = cli_closest_scenario (arg);

  if (close == NULL)
    return MKSIM_EXIT_OK;
  {
    g_autofree char *shown = escape_text (arg, false);
    g_autofree char *msg = g_strdup_printf ("no scenario file or bundled scenario '%s': did you "
                                            "mean %s? (see 'mksim list')", shown, close);

    return cli_usage_error (command, msg);
  }
}

bool
cli_parse (const char *command, const char *args, const char *summary,
           const char *description, const GOptionEntry *entries, void *user_data,
           int *argc, char ***argv)
{
  g_autoptr (GOptionContext) ctx = g_option_context_new (args);
  g_autoptr (GError) error = NULL;
  GOptionGroup *group = g_option_group_new (command, summary, summary, user_data, NULL);

  g_option_group_add_entries (group, entries);
  g_option_context_set_main_group (ctx, group);
  g_option_context_set_summary (ctx, summary);
  if (description != NULL)
    g_option_context_set_description (ctx, description);
  g_auto (GStrv) given = g_strdupv (*argv);   /* GOption rearranges argv */
  GPrintFunc old = g_set_print_handler (cli_print_help);
  bool ok = g_option_context_parse (ctx, argc, argv, &error);

  g_set_print_handler (old);
  if (!ok)
    {
      g_autofree char *hint = error->code == G_OPTION_ERROR_UNKNOWN_OPTION
                              ? cli_option_hint (entries, given) : NULL;
      g_autofree char *msg = g_strconcat (error->message, hint, NULL);

      cli_usage_error (command, msg);
      return false;
    }
  return true;
}

MksimExit
cli_usage_error (const char *command, const char *message)
{
  cli_message (command, "%s", message);
  fprintf (stderr, "Try 'mksim %s --help'.\n", command);
  return MKSIM_EXIT_USAGE;
}

void
cli_put (FILE *out, const char *text)
{
  g_autofree char *shown = escape_text (text, true);

  fputs (shown, out);
}

void
cli_printf (FILE *out, const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list ap;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  cli_put (out, text);
}

void
cli_note (const char *command, const char *format, ...)
{
  g_autofree char *text = NULL;
  g_autoptr (GString) line = g_string_new (NULL);
  g_autoptr (GString) out = g_string_new (NULL);
  va_list ap;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_string_append_printf (line, "mksim %s: note: ", command);
  escape_append (line, text, true);
  {
    g_auto (GStrv) lines = g_strsplit (line->str, "\n", -1);

    for (char **l = lines; *l != NULL; l++)
      textfit_append_line (out, *l, cli_room (STDERR_FILENO), 2);
  }
  fputs (out->str, stderr);
}

void
cli_message (const char *command, const char *format, ...)
{
  g_autofree char *text = NULL;
  g_autoptr (GString) line = g_string_new (NULL);
  va_list ap;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_string_append_printf (line, "mksim %s: ", command);
  escape_append (line, text, true);
  g_string_append_c (line, '\n');
  fputs (line->str, stderr);
}

bool
cli_parse_duration (const char *s, SimTime *out)
{
  static const struct { const char *unit; double ns; } units[] = {
    { "ns", 1 }, { "us", 1e3 }, { "µs", 1e3 }, { "ms", 1e6 }, { "s", 1e9 },
  };
  char *end;
  double v;

  /* A sign or "inf" would pass strtod; neither is a duration. */
  if (!g_ascii_isdigit (s[0]) && s[0] != '.')
    return false;
  v = g_ascii_strtod (s, &end);
  if (end == s || !isfinite (v))
    return false;
  for (size_t i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (end, units[i].unit) == 0)
      {
        double ns = v * units[i].ns;

        if (ns >= 9e18)         /* INT64_MAX is about 9.22e18 */
          return false;
        *out = (SimTime) llround (ns);
        return true;
      }
  return false;
}

/* A non-negative decimal number and the rest of `s` after it, in `unit`;
 * false for a sign, "inf", "nan" or no number at all. */
static bool
cli_parse_number (const char *s, double *v, const char **unit)
{
  char *end;

  if (!g_ascii_isdigit (s[0]) && s[0] != '.')
    return false;
  *v = g_ascii_strtod (s, &end);
  if (end == s || !isfinite (*v))
    return false;
  *unit = end;
  return true;
}

bool
cli_parse_size (const char *s, uint64_t *out)
{
  static const struct { const char *unit; double bytes; } units[] = {
    { "", 1 }, { "B", 1 }, { "KiB", 1024.0 }, { "MiB", 1048576.0 }, { "GiB", 1073741824.0 },
    { "kB", 1e3 }, { "KB", 1e3 }, { "MB", 1e6 }, { "GB", 1e9 },
  };
  const char *unit;
  double v;

  if (!cli_parse_number (s, &v, &unit))
    return false;
  for (size_t i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (unit, units[i].unit) == 0)
      {
        double bytes = v * units[i].bytes;

        if (bytes > 4.6e18)     /* 2^62 */
          return false;
        *out = (uint64_t) llround (bytes);
        return true;
      }
  return false;
}

bool
cli_parse_wall (const char *s, double *seconds)
{
  static const struct { const char *unit; double s; } units[] = {
    { "", 1 }, { "ms", 1e-3 }, { "s", 1 }, { "min", 60 }, { "h", 3600 },
  };
  const char *unit;
  double v;

  if (!cli_parse_number (s, &v, &unit))
    return false;
  for (size_t i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (unit, units[i].unit) == 0)
      {
        if (v * units[i].s > 366.0 * 86400.0)
          return false;
        *seconds = v * units[i].s;
        return true;
      }
  return false;
}

MksimExit
cli_check_output_name (const char *command, const char *option, const char *value)
{
  g_autofree char *msg = NULL;

  if (value == NULL || value[0] != '\0')
    return MKSIM_EXIT_OK;
  msg = g_strdup_printf ("%s wants a file name (or - for standard output), not an empty one",
                         option);
  return cli_usage_error (command, msg);
}

MksimExit
cli_check_max_wall (const char *command, const char *value, double *seconds)
{
  g_autofree char *msg = NULL;

  *seconds = -1;
  if (value == NULL || cli_parse_wall (value, seconds))
    return MKSIM_EXIT_OK;
  msg = g_strdup_printf ("--max-wall wants a wall-clock duration, e.g. 90s, 5min or 1h (0: no "
                         "bound), not '%s'", value);
  return cli_usage_error (command, msg);
}

MksimExit
cli_check_trace_max (const char *command, const char *value, uint64_t *bytes)
{
  g_autofree char *msg = NULL;
  uint64_t n;

  if (cli_parse_size (value, &n) && (n == 0 || n >= CLI_TRACE_MAX_MIN))
    {
      *bytes = n;
      return MKSIM_EXIT_OK;
    }
  msg = g_strdup_printf ("--trace-max wants a size of at least 4KiB, e.g. 10MiB or 1GiB "
                         "(0: no bound), not '%s'", value);
  return cli_usage_error (command, msg);
}

void
cli_note_trace_full (const char *command, const char *path, const Trace *trace, uint64_t max)
{
  g_autofree char *size = trace_format_size (max);
  char at[32];

  cli_note (command, "the trace '%s' reached its size bound (--trace-max %s) at %s of "
               "simulated time: nothing later is in it (a larger --trace-max, 0 for none, or "
               "--trace-window FROM,TO keeps more)", path, size,
               trace_format_ns (at, sizeof at, trace_full_at (trace)));
}

const char *
cli_stop_hint (const RunResult *r)
{
  if (r->max_events_hit)
    return " (raise the guard with --set max_events=N)";
  /* The models' sentence for the wall-clock guard begins so. */
  if (r->stopped != NULL && g_str_has_prefix (r->stopped, "the max_wall guard"))
    return " (raise the bound with --max-wall DURATION, 0 for none)";
  return "";
}

bool
cli_parse_window (const char *text, bool open_ends, SimTime *from, SimTime *to)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);

  if (g_strv_length (parts) != 2)
    return false;
  *from = 0;
  *to = -1;
  if ((parts[0][0] != '\0' || !open_ends) && !cli_parse_duration (parts[0], from))
    return false;
  if ((parts[1][0] != '\0' || !open_ends) && !cli_parse_duration (parts[1], to))
    return false;
  return *to < 0 || *to > *from;
}

char *
cli_strategy_list (const char *separator)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < STRATEGY_COUNT; i++)
    g_string_append_printf (s, "%s%s", i > 0 ? separator : "", strategy_names[i]);
  return g_string_free (s, FALSE);
}

char *
cli_data_dir (const char *env_var, const char *name, const char *probe)
{
  const char *env = g_getenv (env_var);
  g_autofree char *exe = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe != NULL)
    {
      const char *beside[] = { ".", "..", "../share/mksim" };
      g_autofree char *bindir = g_path_get_dirname (exe);

      for (size_t i = 0; i < G_N_ELEMENTS (beside); i++)
        {
          g_autofree char *dir = g_build_filename (bindir, beside[i], name, NULL);
          g_autofree char *file = g_build_filename (dir, probe, NULL);

          if (g_file_test (file, probe != NULL ? G_FILE_TEST_IS_REGULAR : G_FILE_TEST_IS_DIR))
            return g_canonicalize_filename (dir, NULL);
        }
    }
  return g_build_filename (MKSIM_PREFIX, "share", "mksim", name, NULL);
}

char *
cli_scenarios_dir (void)
{
  return cli_data_dir ("MKSIM_SCENARIOS", "scenarios", NULL);
}

char *
cli_resolve_scenario (const char *arg)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;

  if (strcmp (arg, "-") == 0 || g_file_test (arg, G_FILE_TEST_EXISTS) || strchr (arg, '/'))
    return g_strdup (arg);
  /* The folder `list` shows, and no other: a name means what `list` says. */
  dir = cli_scenarios_dir ();
  file = g_str_has_suffix (arg, ".json") ? g_build_filename (dir, arg, NULL)
                                         : g_strdup_printf ("%s/%s.json", dir, arg);
  if (g_file_test (file, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&file);
  return g_strdup (arg);
}

bool
cli_open_output (const char *command, const char *path, OutFile **f)
{
  g_autoptr (GError) error = NULL;

  *f = NULL;
  if (path == NULL)
    return true;
  *f = outfile_open (path, &error);
  if (*f == NULL)
    {
      cli_message (command, "%s", error->message);
      return false;
    }
  return true;
}

bool
cli_commit_output (const char *command, OutFile *f)
{
  g_autoptr (GError) error = NULL;

  if (f == NULL)
    return true;
  if (!outfile_commit (f, &error))
    {
      cli_message (command, "%s", error->message);
      return false;
    }
  return true;
}

bool
cli_flush_stdout (const char *command)
{
  if (fflush (stdout) == 0 && !ferror (stdout))
    return true;
  fprintf (stderr, "mksim %s: cannot write to standard output\n", command);
  return false;
}

void
cli_print_notes (const char *command, const ScenarioConfig *c)
{
  for (char **n = c->notes; n != NULL && *n != NULL; n++)
    cli_note (command, "%s", *n);
}

/* ---- wrapping ---------------------------------------------------------- */

/* How far `word` leaves brackets, braces, a "$(" and double quotes open,
 * added to `depth` (a shell command or a JSON value in a lesson). */
static int
cli_wrap_depth (const char *word, int depth, bool *quoted)
{
  for (const char *p = word; *p != '\0'; p++)
    if (*p == '"')
      *quoted = !*quoted;
    else if (*p == '[' || *p == '{' || (*p == '$' && p[1] == '('))
      depth++;
    else if ((*p == ']' || *p == '}' || *p == ')') && depth > 0)
      depth--;
  return depth;
}

static bool
cli_wrap_is_mksim (const char *word)
{
  return strcmp (word, "mksim") == 0 || g_str_has_suffix (word, "/mksim");
}

/* May a line break fall between words[i - 1] and words[i]?  Not inside a
 * command a student will copy: within brackets or quotes, between an option
 * and its value ("--strategy sync-rpc"), nor in "mksim COMMAND NAME
 * --OPTION...". */
static bool
cli_wrap_may_break (char **words, size_t i, int depth, bool quoted, bool in_command)
{
  const char *prev = words[i - 1] + strspn (words[i - 1], "('"), *word = words[i];

  if (depth > 0 || quoted)
    return false;
  if (g_str_has_prefix (prev, "--") && strchr (prev, '=') == NULL && word[0] != '-')
    return false;
  if (cli_wrap_is_mksim (prev) || (i >= 2 && cli_wrap_is_mksim (words[i - 2])))
    return false;
  return !(in_command && g_str_has_prefix (word, "--"));
}

void
cli_print_wrapped (FILE *out, const char *text, int width)
{
  cli_print_wrapped_indent (out, text, width, 0, 0);
}

void
cli_print_wrapped_indent (FILE *out, const char *text, int width, int col, int indent)
{
  g_auto (GStrv) words = g_strsplit_set (text != NULL ? text : "", " \t\r\n", -1);
  g_autoptr (GString) unit = g_string_new (NULL);   /* words that stay on one line */
  g_autoptr (GPtrArray) units = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  int depth = 0, start = col;
  bool quoted = false, in_command = false;

  /* Words are escaped before they are measured (white space splits them,
   * so a line break in the lesson is not one of them). */
  for (char **w = words; *w != NULL; w++)
    if (**w != '\0')
      {
        char *shown = escape_text (*w, false);

        g_free (*w);
        *w = shown;
        g_ptr_array_add (kept, *w);
      }
  for (guint i = 0; i < kept->len; i++)
    {
      char **kw = (char **) kept->pdata;

      /* A stray bracket or quote in prose must not glue the rest into one line. */
      bool overlong = g_utf8_strlen (unit->str, -1) > 2 * width;

      if (i > 0 && (overlong || cli_wrap_may_break (kw, i, depth, quoted, in_command)))
        {
          g_ptr_array_add (units, g_strdup (unit->str));
          g_string_truncate (unit, 0);
          in_command = false;
          depth = 0;
          quoted = false;
        }
      if (unit->len > 0)
        g_string_append_c (unit, ' ');
      g_string_append (unit, kw[i]);
      depth = cli_wrap_depth (kw[i], depth, &quoted);
      in_command = in_command || cli_wrap_is_mksim (kw[i]);
    }
  if (unit->len > 0)
    g_ptr_array_add (units, g_strdup (unit->str));
  /* A command too long for a line is broken after all, wrapped by the
   * terminal it would break anywhere: before its options, an option kept
   * with its value, and a part still too long at every space. */
  for (guint i = 0; i < units->len; i++)
    if (g_utf8_strlen (units->pdata[i], -1) > width - indent && strchr (units->pdata[i], ' '))
      {
        g_autofree char *whole = g_ptr_array_steal_index (units, i);
        g_auto (GStrv) parts = g_strsplit (whole, " --", -1);
        guint at = i;

        for (guint j = 0; parts[j] != NULL; j++)
          {
            g_autofree char *part = j > 0 ? g_strconcat ("--", parts[j], NULL)
                                          : g_strdup (parts[j]);

            if (g_utf8_strlen (part, -1) > width - indent)
              {
                g_auto (GStrv) words = g_strsplit (part, " ", -1);

                for (char **w = words; *w != NULL; w++)
                  g_ptr_array_insert (units, (gint) at++, g_strdup (*w));
              }
            else
              g_ptr_array_insert (units, (gint) at++, g_steal_pointer (&part));
          }
        i = at - 1;
      }
  for (guint i = 0; i < units->len; i++)
    {
      int len = (int) g_utf8_strlen (units->pdata[i], -1);

      if ((i > 0 && col + 1 + len > width) || (i == 0 && col > indent && col + len > width))
        {
          fprintf (out, "\n%*s", indent, "");
          col = indent;
        }
      else if (i > 0)
        {
          fputc (' ', out);
          col++;
        }
      fputs (units->pdata[i], out);
      col += len;
    }
  if (units->len > 0 || start > 0)
    fputc ('\n', out);
}
