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
#include <stdio.h>
#include <string.h>

#ifndef MKSIM_PREFIX
#define MKSIM_PREFIX "/usr/local"
#endif

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
  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      cli_usage_error (command, error->message);
      return false;
    }
  return true;
}

MksimExit
cli_usage_error (const char *command, const char *message)
{
  fprintf (stderr, "mksim %s: %s\nTry 'mksim %s --help'.\n", command, message, command);
  return MKSIM_EXIT_USAGE;
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

char *
cli_scenarios_dir (void)
{
  const char *env = g_getenv ("MKSIM_SCENARIOS");
  g_autofree char *exe = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe != NULL)
    {
      const char *rel[] = { "scenarios", "../scenarios", "../share/mksim/scenarios" };
      g_autofree char *bindir = g_path_get_dirname (exe);

      for (size_t i = 0; i < G_N_ELEMENTS (rel); i++)
        {
          g_autofree char *dir = g_build_filename (bindir, rel[i], NULL);

          if (g_file_test (dir, G_FILE_TEST_IS_DIR))
            return g_canonicalize_filename (dir, NULL);
        }
    }
  return g_build_filename (MKSIM_PREFIX, "share", "mksim", "scenarios", NULL);
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
cli_open_output (const char *command, const char *path, ReportFile **f)
{
  g_autoptr (GError) error = NULL;

  *f = NULL;
  if (path == NULL)
    return true;
  *f = report_file_open (path, &error);
  if (*f == NULL)
    {
      fprintf (stderr, "mksim %s: %s\n", command, error->message);
      return false;
    }
  return true;
}

bool
cli_commit_output (const char *command, ReportFile *f)
{
  g_autoptr (GError) error = NULL;

  if (f == NULL)
    return true;
  if (!report_file_commit (f, &error))
    {
      fprintf (stderr, "mksim %s: %s\n", command, error->message);
      return false;
    }
  return true;
}

void
cli_print_notes (const char *command, const ScenarioConfig *c)
{
  for (char **n = c->notes; n != NULL && *n != NULL; n++)
    fprintf (stderr, "mksim %s: note: %s\n", command, *n);
}
