#!/bin/sh
# Pinned results: every bundled scenario under every strategy gives exactly
# the JSON result and CSV row recorded in tests/data/pinned/ (fingerprint
# included; only the wall-clock `wall_s` is left out), and a compare and a
# sweep give exactly their recorded JSON.  A change of the code that is meant
# to change no simulated figure must leave this test green; a change that is
# meant to move figures re-records them with
#   MKSIM=./mksim sh tests/pinned.sh --update
# and the diff of tests/data/pinned/ shows what moved.
# Run from the top of the tree: MKSIM=./mksim sh tests/pinned.sh
# The last line is "N passed, M failed"; the exit status is 1 on any failure.

MKSIM=${MKSIM:-./mksim}
DIR=tests/data/pinned
STRATEGIES="async-signal sync-rpc local-region-mapper ipc-timeout"
update=
[ "${1:-}" = "--update" ] && update=1
pass=0
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mksim-pinned.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

if [ ! -x "$MKSIM" ]; then
  echo "FAIL: no mksim binary at '$MKSIM' (set MKSIM)"
  echo "0 passed, 1 failed"
  exit 1
fi
mkdir -p "$DIR"

# settle NAME: compares $tmp/NAME with $DIR/NAME (or records it).
settle () {
  if [ -n "$update" ]; then
    cp "$tmp/$1" "$DIR/$1"
    pass=$((pass + 1))
  elif [ ! -f "$DIR/$1" ]; then
    echo "FAIL: $1: nothing recorded (run with --update)"
    fail=$((fail + 1))
  elif cmp -s "$tmp/$1" "$DIR/$1"; then
    pass=$((pass + 1))
  else
    echo "FAIL: $1 differs from the recorded result:"
    diff "$DIR/$1" "$tmp/$1" | head -n 20 | sed 's/^/  /'
    fail=$((fail + 1))
  fi
}

# The run's JSON without its one wall-clock line, or the message of a
# scenario the strategy refuses (exit 2), with its exit status.
for json in scenarios/*.json; do
  name=$(basename "$json" .json)
  [ "$name" = schema ] && continue
  for s in $STRATEGIES; do
    out=$name.$s
    "$MKSIM" run "$json" --strategy "$s" -q --json "$tmp/raw.json" --csv "$tmp/$out.csv" \
      >/dev/null 2>"$tmp/err" </dev/null
    status=$?
    if [ "$status" -eq 0 ]; then
      grep -v '"wall_s":' "$tmp/raw.json" > "$tmp/$out.json"
      settle "$out.json"
      settle "$out.csv"
    else
      { echo "exit $status"; cat "$tmp/err"; } > "$tmp/$out.err"
      settle "$out.err"
    fi
    rm -f "$tmp/raw.json"
  done
done

"$MKSIM" compare hung-manager --runs 3 --jobs 2 -q --json "$tmp/compare.hung-manager.json" \
  >/dev/null 2>&1 </dev/null
settle compare.hung-manager.json
"$MKSIM" sweep timeout-dilemma --param kernel.ipc_timeout=2ms,20ms --runs 2 -q \
  --json "$tmp/sweep.timeout-dilemma.json" >/dev/null 2>&1 </dev/null
settle sweep.timeout-dilemma.json

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
