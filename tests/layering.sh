#!/bin/sh
# The layering DESIGN.md promises, checked on the includes:
#   sim/engine/  knows events and numbers: it includes only sim/engine/
#                headers (and system ones), never models/, the program or
#                cJSON;
#   models/      knows the kernel, never JSON: it includes models/ and
#                sim/engine/ headers only, never cJSON, the loader, the
#                writers or the CLI;
#   cJSON        is included by the loaders alone (sim/scenario*, sim/jsonpos,
#                sim/schema, and sim/merge_read for the outputs it reads back).
# The Makefile links the three layers as separate archives in the order
# program -> models -> engine, so a call against the grain does not link
# either.  Run from the top of the tree: sh tests/layering.sh
# The last line is "N passed, M failed"; the exit status is 1 on any failure.

pass=0
fail=0

# check FILE PATTERN WHY: FILE has no #include line matching PATTERN.
check () {
  hits=$(grep -n -E "^[[:space:]]*#[[:space:]]*include[[:space:]]*$2" "$1")
  if [ -n "$hits" ]; then
    echo "FAIL: $1 $3:"
    echo "$hits" | sed 's/^/  /'
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
}

for f in sim/engine/*.c sim/engine/*.h; do
  check "$f" '"([^s]|s[^i]|si[^m]|sim/[^e]|sim/e[^n]|sim/[a-z_]+\.h)' \
    "(engine) includes a header outside sim/engine/"
  check "$f" '[<"]cjson/' "(engine) includes cJSON"
done

for f in models/*.c models/*.h; do
  check "$f" '"sim/[a-z_]+\.h"' "(models) includes a program header (loader, writers, CLI)"
  check "$f" '[<"]cjson/' "(models) includes cJSON"
done

for f in sim/*.c sim/*.h tests/*.c tests/*.h; do
  case $f in
    sim/scenario*|sim/jsonpos.*|sim/schema.*|sim/merge_read.c) continue ;;
    tests/check_*|tests/fuzz_*) continue ;;   # tests read the JSON they check
  esac
  check "$f" '[<"]cjson/' "includes cJSON outside the loader"
done

# A checker that finds nothing must be able to: an engine file that
# includes a model header is caught.
probe=$(mktemp "${TMPDIR:-/tmp}/mksim-layering.XXXXXX") || exit 1
trap 'rm -f "$probe"' EXIT
printf '#include "models/kernel.h"\n' > "$probe"
if grep -q -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*"([^s]|s[^i]|si[^m]|sim/[^e]|sim/e[^n]|sim/[a-z_]+\.h)' "$probe"; then
  pass=$((pass + 1))
else
  echo "FAIL: the engine rule does not catch #include \"models/kernel.h\""
  fail=$((fail + 1))
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
