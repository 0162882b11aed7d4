#!/bin/sh
# Tests of the classroom commands: `mksim list` in claim order and wrapped
# to $COLUMNS, `mksim lesson NAME` (lesson and question, the answer kept
# back), `--answer` (every bundled answer runs and is filled in with its
# runs' figures), errors of answers, and the `--html` handout of lesson,
# compare and sweep: self-contained (no address, no script, no link), and,
# opened in headless Chromium, with its tables and every plot drawn in the
# rendered page.  Chromium is Debian's `chromium`; without it the browser
# checks print "skipped: no chromium" (CI installs it).
# Run from the top of the tree: MKSIM=./mksim sh tests/lesson.sh
# The last line is "N passed, M failed"; the exit status is 1 on any failure.

MKSIM=${MKSIM:-./mksim}
pass=0
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mksim-lesson.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

if [ ! -x "$MKSIM" ]; then
  echo "FAIL: no mksim binary at '$MKSIM' (set MKSIM)"
  echo "0 passed, 1 failed"
  exit 1
fi

ok () { pass=$((pass + 1)); }
bad () {
  fail=$((fail + 1))
  echo "FAIL: $*"
  if [ -s "$tmp/err" ]; then sed 's/^/  stderr| /' "$tmp/err" | head -n 10; fi
}
# expect STATUS WHAT COMMAND...: runs COMMAND, stdout to $tmp/out, stderr to $tmp/err.
expect () {
  want=$1
  what=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  got=$?
  if [ "$got" -eq "$want" ]; then ok; else bad "$what: exit $got, want $want"; fi
}
# has FILE TEXT WHAT: FILE contains the fixed string TEXT.
has () {
  if grep -q -F -- "$2" "$1" 2>/dev/null; then ok; else bad "$3: no '$2' in $(basename "$1")"; fi
}
# hasnt FILE TEXT WHAT: FILE does not contain the fixed string TEXT.
hasnt () {
  if grep -q -F -- "$2" "$1" 2>/dev/null; then bad "$3: '$2' in $(basename "$1")"; else ok; fi
}
# width FILE N WHAT: no line of FILE is longer than N characters.
width () {
  if LC_ALL=C.UTF-8 awk -v n="$2" 'length($0) > n { exit 1 }' "$1"; then ok
  else bad "$3: a line over $2 characters"; fi
}

# ---- list ---------------------------------------------------------------
expect 0 "list" env -u COLUMNS "$MKSIM" list
width "$tmp/out" 80 "list without \$COLUMNS"
# The claims first, in their order, then the others by name.
grep -E '^  [a-z]' "$tmp/out" | awk '{ print $1 }' >"$tmp/order"
want="hung-manager message-cost mapping-database local-rm-hang dope-timeout-drops
timeout-dilemma dope-freeze nested-managers timeouts-accumulate timer-driver signal-burst
rm-session-quota exclusive-page livelock hello mixed-system per-cpu-pagers traces"
if [ "$(tr '\n' ' ' <"$tmp/order")" = "$(echo $want) " ]; then ok
else bad "list order: $(tr '\n' ' ' <"$tmp/order")"; fi
expect 0 "list in 50 columns" env COLUMNS=50 "$MKSIM" list
width "$tmp/out" 50 "list with COLUMNS=50"
has "$tmp/out" "C1 and C2:" "list shows the claims"
expect 0 "list in 200 columns" env COLUMNS=200 "$MKSIM" list
n=$(grep -c '^  hung-manager .*C1 and C2: .*tools the plain rom).$' "$tmp/out")
if [ "$n" -eq 1 ]; then ok; else bad "list in 200 columns keeps an entry on one line"; fi

# ---- lesson -------------------------------------------------------------
expect 0 "lesson NAME" env -u COLUMNS "$MKSIM" lesson hung-manager
has "$tmp/out" "Lesson hung-manager: strategy async-signal" "lesson names the scenario"
has "$tmp/out" "C1 and C2: dataspace manager evil" "lesson prints the lesson"
has "$tmp/out" "Question" "lesson prints the question"
has "$tmp/out" "mksim lesson hung-manager --answer" "lesson says how to check"
hasnt "$tmp/out" "Answer" "lesson keeps the answer back"
grep -v '^  file ' "$tmp/out" >"$tmp/text"
width "$tmp/text" 78 "lesson"
expect 2 "lesson without NAME" "$MKSIM" lesson
expect 2 "lesson of an unknown NAME" "$MKSIM" lesson nosuch
has "$tmp/err" "no bundled scenario 'nosuch'" "lesson names the unknown scenario"
expect 2 "lesson of standard input" "$MKSIM" lesson -
expect 2 "lesson --runs 0" "$MKSIM" lesson hello --runs 0 --answer
expect 0 "lesson --help" "$MKSIM" lesson --help
has "$tmp/out" "--answer" "lesson --help describes --answer"

# Every bundled answer runs, and every placeholder is filled in.
for f in scenarios/*.json; do
  name=$(basename "$f" .json)
  [ "$name" = schema ] && continue
  expect 0 "lesson $name --answer" "$MKSIM" lesson "$name" --answer
  has "$tmp/out" "Answer" "lesson $name --answer prints the answer"
  sed -n '/^Answer$/,/^(The figures/p' "$tmp/out" >"$tmp/answer"
  if [ -s "$tmp/answer" ] && ! grep -q -e '{' -e '(no run completed)' "$tmp/answer"; then ok
  else bad "lesson $name --answer left a placeholder"; fi
done
# The figures are this run's: the answer moves with the scenario.  A figure
# and its unit are joined by a no-break space.
nb=$(printf '\302\240')
expect 0 "lesson --answer" "$MKSIM" lesson hung-manager --answer --set 'answer=stalled {sync-rpc:faults.innocent.stalled_threads} blocked {sync-rpc core.pager_threads=2:core.blocked_ns}.'
has "$tmp/out" "stalled 6 blocked 1.632${nb}s." "lesson --answer fills the figures in"
has "$tmp/out" "With --set core.pager_threads=2:" "lesson --answer shows the variant's table"
expect 0 "lesson --answer --runs 2" "$MKSIM" lesson hung-manager --answer --runs 2 --set 'answer=x {sync-rpc:faults.resolved} y'
has "$tmp/out" "x 793${nb}±${nb}25.4 y" "lesson --answer --runs shows intervals"
expect 2 "an answer with an unknown figure" "$MKSIM" lesson hello --answer --set 'answer={sync-rpc:faults.nosuch}'
has "$tmp/err" "answer: {sync-rpc:faults.nosuch}: 'faults.nosuch' is not a figure" \
  "the unknown figure is named with the JSON path"
printf '{"name": "t", "duration": "1s",\n "answer": "{core.blocked}"}\n' >"$tmp/bad-answer.json"
expect 2 "check refuses an unknown figure" "$MKSIM" check "$tmp/bad-answer.json"
has "$tmp/err" "bad-answer.json:2:12: answer: {core.blocked}:" "check names file, line and path"
expect 2 "an answer whose variant cannot load" "$MKSIM" lesson hello --answer --set 'answer={nosuch=1:faults.total}'
has "$tmp/err" "the variant --set nosuch=1 cannot run" "a bad variant is named"
expect 2 "an answer naming local-region-mapper with a GUI" "$MKSIM" lesson dope-freeze --answer --set 'answer={local-region-mapper:gui.dropped}'
has "$tmp/err" "local-region-mapper does not deliver GUI input" "a GUI answer under local-rm is refused"

# ---- handouts -----------------------------------------------------------
# self_contained FILE WHAT: the page fetches nothing and runs nothing.
self_contained () {
  for t in 'http:' 'https:' '<link' '<script' 'src=' '<iframe'; do
    hasnt "$1" "$t" "$2 is self-contained"
  done
  has "$1" '<!DOCTYPE html>' "$2 is HTML5"
  has "$1" '<style>' "$2 has its style inline"
}
expect 0 "lesson --html" "$MKSIM" lesson hung-manager --html "$tmp/lesson.html" --plot "$tmp/lp"
hasnt "$tmp/out" "Answer" "lesson --html keeps the answer back on stdout"
has "$tmp/err" "handout written to" "lesson --html says where the handout is"
self_contained "$tmp/lesson.html" "the lesson's handout"
has "$tmp/lesson.html" '<details id="answer">' "the answer is folded away"
has "$tmp/lesson.html" '<p class="question">' "the handout has the question"
has "$tmp/lesson.html" '&quot;name&quot;: &quot;hung-manager&quot;' "the handout has the scenario"
sed -n '/<details id="answer">/,/<\/details>/p' "$tmp/lesson.html" >"$tmp/answer.html"
has "$tmp/answer.html" '<span class="fig" title="innocent threads stalled (sync-rpc)">6</span>' \
  "the handout's answer is filled in"
hasnt "$tmp/answer.html" '{' "the handout's answer has no placeholder left"
expect 0 "compare --html" "$MKSIM" compare hello -q --runs 2 --plot "$tmp/cp" --html "$tmp/compare.html"
self_contained "$tmp/compare.html" "compare's handout"
expect 0 "compare --html without --plot" "$MKSIM" compare hello -q --strategies sync-rpc --html "$tmp/c1.html"
n=$(grep -c '<svg ' "$tmp/c1.html")
if [ "$n" -ge 5 ]; then ok; else bad "compare --html draws its own plots ($n)"; fi
if ls "${TMPDIR:-/tmp}"/mksim-handout-* >/dev/null 2>&1; then
  bad "compare --html left its plot folder"
else ok; fi
expect 0 "sweep --html" "$MKSIM" sweep timeout-dilemma -q --param kernel.ipc_timeout=1ms,10ms \
  --strategies ipc-timeout,async-signal --plot "$tmp/sp" --html "$tmp/sweep.html"
self_contained "$tmp/sweep.html" "sweep's handout"
# The sweep's own values fill the placeholders of those values.
has "$tmp/sweep.html" 'title="GUI events dropped (ipc-timeout, --set kernel.ipc_timeout=1ms)">' \
  "a sweep's handout fills in its values"
has "$tmp/sweep.html" 'class="fig missing"' "a sweep's handout marks what it did not run"
expect 1 "--html into a missing folder" "$MKSIM" compare hello -q --html "$tmp/no/such/c.html"
if [ -e "$tmp/no" ]; then bad "a failed --html left a file"; else ok; fi
expect 2 "--html -" "$MKSIM" lesson hello --html -
expect 2 "--html ''" "$MKSIM" compare hello --html ''

# The rendered pages, in a browser: every table and every plot is there.
# render FILE: the DOM Chromium builds from FILE, into $tmp/dom.
render () {
  chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --dump-dom "file://$1" >"$tmp/dom" 2>"$tmp/chromium.err" </dev/null
}
# rendered FILE PLOTS WHAT: FILE renders with its tables and one <svg> per
# SVG file in folder PLOTS.
rendered () {
  if ! render "$1"; then bad "$3: chromium failed"; return; fi
  want=$(ls "$2"/*.svg | wc -l)
  got=$(grep -o '<svg ' "$tmp/dom" | wc -l)
  if [ "$want" -gt 0 ] && [ "$got" -eq "$want" ]; then ok
  else bad "$3: $got plots rendered, $want drawn"; fi
  want=$(grep -o '<table' "$1" | wc -l)
  got=$(grep -o '<table' "$tmp/dom" | wc -l)
  if [ "$want" -gt 0 ] && [ "$got" -eq "$want" ]; then ok
  else bad "$3: $got tables rendered, $want written"; fi
  has "$tmp/dom" '<th scope="row">' "$3: the table has its rows"
  has "$tmp/dom" '<path ' "$3: the plots have their curves"
}
if command -v chromium >/dev/null 2>&1; then
  rendered "$tmp/lesson.html" "$tmp/lp" "the lesson's handout"
  has "$tmp/dom" '<summary>Answer</summary>' "the lesson's answer renders folded"
  rendered "$tmp/compare.html" "$tmp/cp" "compare's handout"
  rendered "$tmp/sweep.html" "$tmp/sp" "sweep's handout"
else
  echo "skipped: no chromium (the handouts were not opened in a browser)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
