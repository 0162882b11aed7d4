#!/bin/sh
# Every line mksim prints for a person fits the terminal: at COLUMNS=80 and
# at COLUMNS=60 (where compare's tables split and their labels break), the
# help texts (top level and each command's), `list`, and for every bundled
# scenario `list NAME`, `lesson NAME` with and without --answer, compare
# (one run and two, whose tables add intervals and paired differences), a
# sweep, and run under each strategy with --explain.  Characters are
# counted, not bytes ("µ", "±" and "−" are one column each).  Standard
# error is counted too for the commands that succeed; the one command
# refused (local-region-mapper on a GUI scenario) prints an error message,
# which stays on one line to be found by file:line:col, and is not counted.
# Run from the top of the tree: MKSIM=./mksim sh tests/columns.sh
# The last line is "N passed, M failed"; the exit status is 1 on any failure.

MKSIM=${MKSIM:-./mksim}
STRATEGIES="async-signal sync-rpc local-region-mapper ipc-timeout"
pass=0
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mksim-columns.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

if [ ! -x "$MKSIM" ]; then
  echo "FAIL: no mksim binary at '$MKSIM' (set MKSIM)"
  echo "0 passed, 1 failed"
  exit 1
fi

# The widest line of FILE in characters: UTF-8 continuation bytes
# (0x80..0xbf) take no column of their own.
widest () {
  LC_ALL=C sed 's/[\x80-\xbf]//g' "$1" | LC_ALL=C awk '{ if (length > w) w = length } END { print w + 0 }'
}

# fits WIDTH WHAT COMMAND...: COMMAND's output at COLUMNS=WIDTH has no line
# wider than WIDTH (its stderr too if it succeeds).
fits () {
  width=$1
  what=$2
  shift 2
  COLUMNS=$width "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  status=$?
  if [ "$status" -eq 2 ] && grep -q "does not apply to GUI delivery" "$tmp/err"; then
    pass=$((pass + 1))
    return
  fi
  [ "$status" -eq 0 ] && cat "$tmp/err" >>"$tmp/out"
  w=$(widest "$tmp/out")
  if [ "$status" -le 1 ] && [ "$w" -le "$width" ] && [ -s "$tmp/out" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $what at COLUMNS=$width: a line of $w characters (exit $status)"
    LC_ALL=C sed 's/[\x80-\xbf]//g' "$tmp/out" \
      | LC_ALL=C awk -v w="$width" 'length > w { print "  " length ": " substr($0, 1, 100) }' \
      | head -n 3
  fi
}

# The test's own measure: a line of 61 characters, one of them "µ" (62
# bytes), is wider than 60; 60 characters with three "±" are not.
printf '%061d\n' 0 | sed 's/^0/µ/' >"$tmp/probe"
printf '%057d±±±\n' 0 >"$tmp/probe2"
if [ "$(widest "$tmp/probe")" -eq 61 ] && [ "$(widest "$tmp/probe2")" -eq 60 ]; then
  pass=$((pass + 1))
else
  fail=$((fail + 1))
  echo "FAIL: the width count is wrong: $(widest "$tmp/probe"), $(widest "$tmp/probe2")"
fi

for width in 80 60; do
  fits $width "mksim --help" "$MKSIM" --help
  for c in run compare sweep merge check list lesson schema bench import-lackey; do
    fits $width "mksim $c --help" "$MKSIM" $c --help
  done
  fits $width "mksim list" "$MKSIM" list
  for s in scenarios/*.json; do
    n=$(basename "$s" .json)
    [ "$n" = schema ] && continue
    fits $width "list $n" "$MKSIM" list "$n"
    fits $width "lesson $n" "$MKSIM" lesson "$n"
    fits $width "lesson $n --answer" "$MKSIM" lesson "$n" --answer
    fits $width "compare $n" "$MKSIM" compare "$n"
    fits $width "compare $n --runs 2" "$MKSIM" compare "$n" --runs 2
    fits $width "sweep $n" "$MKSIM" sweep "$n" --param seed=1,2
    for st in $STRATEGIES; do
      fits $width "run $n --strategy $st --explain" "$MKSIM" run "$n" --strategy "$st" \
        --explain=150
    done
  done
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
