#!/bin/sh
# Writes the Check runner: one SRunner over every <name>_suite() defined in the
# given test files, so adding tests/check_<module>.c needs no other edit.
# Both "Suite *x_suite (void)" and the GNU style with "Suite *" on its own line
# are found.
suites=$(awk '
  /^Suite *\* *[a-z0-9_]+_suite *\(void\)/ { sub(/^Suite *\* */, ""); sub(/ *\(.*/, ""); print; next }
  prev ~ /^Suite *\* *$/ && /^[a-z0-9_]+_suite *\(void\)/ { s = $0; sub(/ *\(.*/, "", s); print s }
  { prev = $0 }' "$@")
echo '#include <check.h>'
echo '#include <stdlib.h>'
for s in $suites; do echo "Suite *$s (void);"; done
echo 'int main (void) {'
echo '  SRunner *sr = srunner_create (NULL);'
for s in $suites; do echo "  srunner_add_suite (sr, $s ());"; done
echo '  srunner_run_all (sr, CK_NORMAL);'
echo '  int failed = srunner_ntests_failed (sr);'
echo '  srunner_free (sr);'
echo '  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;'
echo '}'
