#!/bin/sh
# mksim under valgrind: a small compare (two runs of hello, on two worker
# threads, with its JSON written) must show no memory error and no leak,
# definitely or possibly lost: the worker threads are joined, so none of
# their thread-local storage is left behind.  No suppression is needed;
# GLib's own caches stay "still reachable", which is not a leak.
# Skipped, with a note, when valgrind is missing or the binary is built with
# the sanitizers (MKSIM_SAN set: ASan and valgrind do not mix).
# Run from the top of the tree: MKSIM=./mksim sh tests/valgrind.sh
# The last line is "N passed, M failed"; the exit status is 1 on any failure.

MKSIM=${MKSIM:-./mksim}
pass=0
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mksim-valgrind.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

if [ -n "${MKSIM_SAN:-}" ]; then
  echo "note: a sanitizer build; valgrind skipped (run 'make valgrind' on the plain build)"
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi
if ! command -v valgrind >/dev/null 2>&1; then
  echo "note: valgrind is not installed; skipped (apt-get install valgrind)"
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi

# check WHAT COMMAND...: runs COMMAND under valgrind, which must exit 0.
check () {
  what=$1
  shift
  valgrind --quiet --leak-check=full --show-leak-kinds=definite,possible \
    --errors-for-leak-kinds=definite,possible --error-exitcode=99 \
    "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  status=$?
  if [ "$status" -eq 0 ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $what under valgrind: exit $status (99: errors or leaks)"
    sed 's/^/  | /' "$tmp/err" | head -n 40
  fi
}

check "compare of two runs" "$MKSIM" compare scenarios/hello.json --strategies sync-rpc \
  --runs 2 --jobs 2 -q --json "$tmp/c.json"
check "run with its outputs" "$MKSIM" run scenarios/hello.json -q --json "$tmp/r.json" \
  --csv "$tmp/r.csv" --trace "$tmp/t.json"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
