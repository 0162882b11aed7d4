#!/bin/sh
# Writes the Check runner: one SRunner over every <name>_suite() defined in the
# given test files, so adding tests/check_<module>.c needs no other edit.
# Both "Suite *x_suite (void)" and the GNU style with "Suite *" on its own line
# are found.
suites=$(awk '
  /^Suite *\* *[a-z0-9_]+_suite *\(void\)/ { sub(/^Suite *\* */, ""); sub(/ *\(.*/, ""); print; next }
  prev ~ /^Suite *\* *$/ && /^[a-z0-9_]+_suite *\(void\)/ { s = $0; sub(/ *\(.*/, "", s); print s }
  { prev = $0 }' "$@")
# The runner prints the summary and the failures only: what the tests print
# themselves goes to a log beside it (see the comment in main below).
cat <<'EOF'
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
EOF
for s in $suites; do echo "Suite *$s (void);"; done
cat <<'EOF'
/* What the tests print themselves (the messages of the error paths they
 * take on purpose, notes, the property test's tally) goes to ARGV0.log,
 * not the terminal, so that make check shows the summary and the
 * failures; the log's name is printed when a test fails.  With
 * CK_VERBOSITY set (silent, minimal, normal, verbose) everything stays on
 * the terminal, at that verbosity. */
int main (int argc, char **argv) {
  SRunner *sr = srunner_create (NULL);
  int quiet = getenv ("CK_VERBOSITY") == NULL;
  char *log_name = NULL;
  int out = -1, err = -1, failed;
  FILE *log = NULL;
  (void) argc;
EOF
for s in $suites; do echo "  srunner_add_suite (sr, $s ());"; done
cat <<'EOF'
  if (quiet && (log_name = malloc (strlen (argv[0]) + 5)) != NULL)
    {
      strcpy (log_name, argv[0]);
      strcat (log_name, ".log");
      log = fopen (log_name, "w");
    }
  if (log != NULL)
    {
      fflush (stdout);
      fflush (stderr);
      out = dup (STDOUT_FILENO);
      err = dup (STDERR_FILENO);
      dup2 (fileno (log), STDOUT_FILENO);
      dup2 (fileno (log), STDERR_FILENO);
    }
  srunner_run_all (sr, quiet ? CK_SILENT : CK_ENV);
  if (log != NULL)
    {
      fflush (stdout);
      fflush (stderr);
      dup2 (out, STDOUT_FILENO);
      dup2 (err, STDERR_FILENO);
      close (out);
      close (err);
      fclose (log);
    }
  failed = srunner_ntests_failed (sr);
  if (quiet)
    srunner_print (sr, CK_NORMAL);
  if (failed > 0 && log != NULL)
    printf ("What the tests printed is in %s.\n", log_name);
  free (log_name);
  srunner_free (sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
EOF
