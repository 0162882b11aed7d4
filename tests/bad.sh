#!/bin/sh
# Every bad scenario in tests/bad/ is rejected by 'mksim check' with exit
# status 2 and its expected message on stderr: tests/bad/NAME.json beside
# tests/bad/NAME.expect, which holds a fragment of the message (file:line:col,
# JSON path and words).  Run from the top of the tree:
#   MKSIM=./mksim sh tests/bad.sh
# The last line is "N passed, M failed"; the exit status is 1 on any failure.

MKSIM=${MKSIM:-./mksim}
pass=0
fail=0
tmp=$(mktemp "${TMPDIR:-/tmp}/mksim-bad.XXXXXX") || exit 1
trap 'rm -f "$tmp"' EXIT
trap 'exit 1' INT TERM

if [ ! -x "$MKSIM" ]; then
  echo "FAIL: no mksim binary at '$MKSIM' (set MKSIM)"
  echo "0 passed, 1 failed"
  exit 1
fi

for json in tests/bad/*.json; do
  expect=${json%.json}.expect
  if [ ! -f "$expect" ]; then
    echo "FAIL: $json: no $expect"
    fail=$((fail + 1))
    continue
  fi
  want=$(cat "$expect")
  "$MKSIM" check "$json" >/dev/null 2>"$tmp" </dev/null
  status=$?
  if [ "$status" -ne 2 ]; then
    echo "FAIL: $json: exit status $status, want 2"
    fail=$((fail + 1))
  elif ! grep -q -F -- "$want" "$tmp"; then
    echo "FAIL: $json: stderr lacks: $want"
    sed 's/^/  stderr| /' "$tmp" | head -n 5
    fail=$((fail + 1))
  else
    pass=$((pass + 1))
  fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
