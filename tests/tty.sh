#!/bin/sh
# The progress bar of compare and sweep on a real terminal: script(1) gives
# the command a pseudo-terminal as stderr, and a batch that runs longer than
# a second must draw "N/M runs" lines redrawn in place (carriage returns)
# and clear the line at the end; the same batch with stderr on a file draws
# nothing.  Skipped, with a note, without script(1) (util-linux).
# Run from the top of the tree: MKSIM=./mksim sh tests/tty.sh
# The last line is "N passed, M failed"; the exit status is 1 on any failure.

MKSIM=${MKSIM:-./mksim}
pass=0
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mksim-tty.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

ok () { pass=$((pass + 1)); }
bad () { fail=$((fail + 1)); echo "FAIL: $1"; }

if ! command -v script >/dev/null 2>&1; then
  echo "note: script(1) is not installed; skipped (apt-get install bsdutils)"
  echo "0 passed, 0 failed, 1 skipped"
  exit 0
fi

# A batch of some seconds (600 runs of a few ms each); the report goes to
# /dev/null so that the typescript holds what was drawn on stderr alone.
batch="$MKSIM compare scenarios/hung-manager.json --runs 150 --jobs 1"
COLUMNS=80 script -q -E always -c "$batch >/dev/null" "$tmp/typescript" \
  >/dev/null 2>&1 </dev/null
status=$?
if [ "$status" -eq 0 ]; then ok; else bad "compare on a terminal exited $status"; fi
if grep -q ' runs ' "$tmp/typescript" && grep -q 'elapsed' "$tmp/typescript"; then
  ok
else
  bad "no progress line on a terminal"; head -c 400 "$tmp/typescript"
fi
if tr '\r' '\n' <"$tmp/typescript" | grep -c '/600 runs' | awk '{ exit !($1 >= 2) }'; then
  ok
else
  bad "the progress line is not redrawn"
fi
if LC_ALL=C.UTF-8 tr '\r' '\n' <"$tmp/typescript" | awk '!/^Script / && length($0) > 80 { bad = 1 } END { exit bad }'; then
  ok
else
  bad "a progress line is wider than COLUMNS=80"
fi

# The line is cleared before the closing summary is written.
if grep -q "$(printf '\r\033\[K')mksim compare: 600 runs" "$tmp/typescript"; then
  ok
else
  bad "the progress line is not cleared at the end"
fi

# Off a terminal: nothing but the report, no carriage return.
$batch --runs 20 2>"$tmp/err" >/dev/null </dev/null
if [ -s "$tmp/err" ] && grep -q "$(printf '\r')" "$tmp/err"; then
  bad "progress drawn with stderr on a file"
else
  ok
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
