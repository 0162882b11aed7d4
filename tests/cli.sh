#!/bin/sh
# Command-line tests of mksim: exit statuses (0 done, 1 run or output failed,
# 2 bad usage or scenario), byte-identical JSON for the same seed (and, for
# compare, whatever the number of worker threads), the schema, the list of
# bundled scenarios, compare and sweep outputs and plots, and that no output
# file is left behind when writing fails.
# Run from the top of the tree: MKSIM=./mksim sh tests/cli.sh
# The last line is "N passed, M failed"; the exit status is 1 on any failure.

MKSIM=${MKSIM:-./mksim}
HELLO=scenarios/hello.json
pass=0
fail=0
skip=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mksim-cli.XXXXXX") || exit 1
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

# ---- top level ----------------------------------------------------------
expect 2 "no arguments" "$MKSIM"
has "$tmp/err" "Usage:" "no arguments prints the usage"
expect 2 "unknown command" "$MKSIM" frobnicate
has "$tmp/err" "unknown command 'frobnicate'" "unknown command is named"
expect 2 "unknown top-level option" "$MKSIM" --frobnicate
expect 0 "--help" "$MKSIM" --help
for c in run compare sweep check list schema bench import-lackey; do
  has "$tmp/out" "  $c " "--help lists $c"
done
expect 0 "--version" "$MKSIM" --version
has "$tmp/out" "mksim " "--version prints the version"
for c in run compare sweep check list schema bench import-lackey; do
  expect 0 "$c --help" "$MKSIM" $c --help
  has "$tmp/out" "mksim $c" "$c --help shows its usage"
done
expect 0 "help run" "$MKSIM" help run
has "$tmp/out" "--strategy" "help run describes run's options"

# ---- check --------------------------------------------------------------
expect 0 "check every bundled scenario" "$MKSIM" check scenarios/*.json
n_json=$(ls scenarios/*.json | grep -v '/schema\.json$' | wc -l)
n_ok=$(grep -c ': ok (' "$tmp/out")
if [ "$n_ok" -eq "$n_json" ]; then ok; else bad "check printed $n_ok ok lines for $n_json files"; fi
has "$tmp/out" "$HELLO: ok (async-signal, 2 threads)" "check names strategy and threads"
expect 2 "check without arguments" "$MKSIM" check
expect 2 "check a missing file" "$MKSIM" check "$tmp/missing.json"
has "$tmp/err" "missing.json" "check names the missing file"
printf '{"name": "x", "duration": "1s", "nonsense": 1}\n' >"$tmp/badkey.json"
expect 2 "check good and bad together" "$MKSIM" check "$HELLO" "$tmp/badkey.json"
has "$tmp/out" "$HELLO: ok" "check still reports the good file"
has "$tmp/err" "badkey.json" "check names the bad file"
printf '{"name": "x", "duration": \n' >"$tmp/notjson.json"
expect 2 "check a file that is not JSON" "$MKSIM" check "$tmp/notjson.json"

# ---- run: usage and scenario errors -------------------------------------
expect 2 "run without a scenario" "$MKSIM" run
expect 2 "run with two scenarios" "$MKSIM" run "$HELLO" "$HELLO"
expect 2 "run a missing file" "$MKSIM" run "$tmp/missing.json"
expect 2 "run an unknown option" "$MKSIM" run "$HELLO" --frobnicate
expect 2 "run an unknown strategy" "$MKSIM" run "$HELLO" --strategy teleport
has "$tmp/err" "async-signal" "unknown strategy lists the strategies"
# ---- did you mean --------------------------------------------------------
# A misspelt bundled scenario, option, strategy or command: exit 2 and the
# name meant.
for c in run compare check lesson list; do
  expect 2 "$c of a misspelt scenario" "$MKSIM" $c hung-manger
  has "$tmp/err" "did you mean hung-manager?" "$c names the scenario meant"
done
expect 2 "sweep of a misspelt scenario" "$MKSIM" sweep hung-manger --param seed=1,2
has "$tmp/err" "did you mean hung-manager?" "sweep names the scenario meant"
expect 2 "run a missing file" "$MKSIM" run no-such-scenario-at-all
if grep -q "did you mean" "$tmp/err"; then bad "a name close to nothing got a guess"; else ok; fi
expect 2 "run --stratgy" "$MKSIM" run "$HELLO" --stratgy sync-rpc
has "$tmp/err" "did you mean --strategy?" "a misspelt option is answered with the one meant"
expect 2 "compare --rnus" "$MKSIM" compare "$HELLO" --rnus=2
has "$tmp/err" "did you mean --runs?" "a misspelt --runs=N is answered"
expect 2 "sweep --parm" "$MKSIM" sweep "$HELLO" --parm seed=1,2
has "$tmp/err" "did you mean --param?" "sweep's misspelt option is answered"
expect 2 "run --strategy local-rm" "$MKSIM" run "$HELLO" --strategy local-rm
has "$tmp/err" "did you mean local-region-mapper?" "an abbreviated strategy is answered"
expect 2 "run --strategy async" "$MKSIM" run "$HELLO" --strategy async
has "$tmp/err" "did you mean async-signal?" "a strategy's prefix is answered"
expect 2 "compare --strategies sync-rcp" "$MKSIM" compare "$HELLO" --strategies async-signal,sync-rcp
has "$tmp/err" "unknown strategy 'sync-rcp': did you mean sync-rpc?" "compare answers a misspelt strategy"
expect 2 "run --strategy teleport" "$MKSIM" run "$HELLO" --strategy teleport
if grep -q "did you mean" "$tmp/err"; then bad "a strategy close to nothing got a guess"; else ok; fi
expect 2 "a misspelt command" "$MKSIM" comapre "$HELLO"
has "$tmp/err" "unknown command 'comapre'; did you mean compare?" "a misspelt command is answered"
expect 2 "run --set without =" "$MKSIM" run "$HELLO" --set junk
expect 2 "run --set of an unknown key" "$MKSIM" run "$HELLO" --set nosuch.key=1
expect 2 "run --set of a bad value" "$MKSIM" run "$HELLO" --set duration=0ns
expect 2 "run --seed that is not a number" "$MKSIM" run "$HELLO" --seed banana
expect 2 "run --explain=abc" "$MKSIM" run "$HELLO" --explain=abc
expect 2 "run --trace-window without --trace" "$MKSIM" run "$HELLO" --trace-window 1ms,2ms
expect 2 "run --trace-window backwards" "$MKSIM" run "$HELLO" --trace "$tmp/t.json" \
  --trace-window 5ms,2ms
expect 2 "run --trace-window without units" "$MKSIM" run "$HELLO" --trace "$tmp/t.json" \
  --trace-window 1,2
if [ -e "$tmp/t.json" ]; then bad "a rejected run left its trace file"; else ok; fi

# ---- run: results -------------------------------------------------------
expect 0 "run hello" "$MKSIM" run "$HELLO"
has "$tmp/out" "Scenario hello, strategy async-signal, seed 1" "run prints the report"
expect 0 "run a bundled scenario by name" "$MKSIM" run hello --quiet
if [ -s "$tmp/out" ]; then bad "--quiet still printed a report"; else ok; fi
expect 0 "run --strategy --seed" "$MKSIM" run "$HELLO" --strategy sync-rpc --seed 7
has "$tmp/out" "strategy sync-rpc, seed 7" "--strategy and --seed reach the run"
expect 0 "run --set" "$MKSIM" run "$HELLO" --set strategy=ipc-timeout --set seed=3 --quiet \
  --json "$tmp/set.json"
has "$tmp/set.json" '"strategy": "ipc-timeout"' "--set reaches the run"
has "$tmp/set.json" '"seed": 3,' "--set seed reaches the run"

expect 0 "run --json (1)" "$MKSIM" run "$HELLO" --quiet --json "$tmp/a.json"
expect 0 "run --json (2)" "$MKSIM" run "$HELLO" --quiet --json "$tmp/b.json"
has "$tmp/a.json" '"fingerprint": "' "JSON has a fingerprint"
has "$tmp/a.json" '"wall_s": ' "JSON of run has wall_s"
grep -v '"wall_s"' "$tmp/a.json" >"$tmp/a.nowall" 2>/dev/null
grep -v '"wall_s"' "$tmp/b.json" >"$tmp/b.nowall" 2>/dev/null
if cmp -s "$tmp/a.nowall" "$tmp/b.nowall"; then ok; else bad "two runs give different JSON"; fi
expect 0 "run --json -" "$MKSIM" run "$HELLO" --quiet --json -
if [ "$(head -c 1 "$tmp/out")" = "{" ] && [ "$(tail -n 1 "$tmp/out")" = "}" ]; then ok
else bad "--json - does not print one JSON object"; fi
expect 0 "run --seed 2" "$MKSIM" run "$HELLO" --quiet --seed 2 --json "$tmp/c.json"
if grep -q '"seed": 2,' "$tmp/c.json" 2>/dev/null; then ok; else bad "--seed 2 not in the JSON"; fi

expect 0 "run --csv" "$MKSIM" run "$HELLO" --quiet --csv "$tmp/r.csv"
if [ "$(cat "$tmp/r.csv" 2>/dev/null | wc -l)" -eq 2 ]; then ok
else bad "--csv does not write header and row"; fi
has "$tmp/r.csv" "scenario,strategy,seed," "CSV header"
has "$tmp/r.csv" "hello,async-signal,1," "CSV row"

expect 0 "run --trace" "$MKSIM" run "$HELLO" --quiet --trace "$tmp/trace.json" \
  --trace-window 0ms,50ms
has "$tmp/trace.json" '{"displayTimeUnit":"ns","traceEvents":[' "trace header"
if [ "$(tail -n 1 "$tmp/trace.json" 2>/dev/null)" = "]}" ]; then ok
else bad "trace is not finished"; fi

expect 0 "run --explain=5" env COLUMNS=1000 "$MKSIM" run "$HELLO" --explain=5
n=$(grep -c '^ *[0-9][0-9]*\.[0-9]\{6\} ms  ' "$tmp/out")
if [ "$n" -le 5 ]; then ok; else bad "--explain=5 narrated $n lines"; fi
has "$tmp/out" "Scenario hello" "--explain still prints the report"
expect 0 "run --explain before the scenario" env COLUMNS=1000 "$MKSIM" run --explain "$HELLO"
has "$tmp/out" "Scenario hello" "a bare --explain leaves the scenario alone"
n=$(grep -c '^ *[0-9.]* ms  ' "$tmp/out")
if [ "$n" -eq 200 ]; then ok; else bad "a bare --explain narrated $n lines, want 200"; fi
# --explain N, with a space, is --explain=N, before or after the scenario.
expect 0 "run --explain 7" env COLUMNS=1000 "$MKSIM" run "$HELLO" --explain 7
n=$(grep -c '^ *[0-9.]* ms  ' "$tmp/out")
if [ "$n" -eq 7 ]; then ok; else bad "--explain 7 narrated $n lines"; fi
expect 0 "run --explain 7 SCENARIO" env COLUMNS=1000 "$MKSIM" run --explain 7 "$HELLO" --quiet
n=$(grep -c '^ *[0-9.]* ms  ' "$tmp/out")
if [ "$n" -eq 7 ]; then ok; else bad "--explain 7 before the scenario narrated $n lines"; fi
expect 0 "run --explain=7" env COLUMNS=1000 "$MKSIM" run "$HELLO" --explain=7 --quiet
n=$(grep -c '^ *[0-9.]* ms  ' "$tmp/out")
if [ "$n" -eq 7 ]; then ok; else bad "--explain=7 narrated $n lines"; fi
expect 2 "run --explain 7 without a scenario" "$MKSIM" run --explain 7
has "$tmp/err" "no SCENARIO given" "the count after --explain is no scenario"

# narrated_times: the times (ms) of the narrated lines of $tmp/out, one a line.
narrated_times () { sed -n 's/^ *\([0-9][0-9]*\.[0-9]\{6\}\) ms  .*/\1/p' "$tmp/out"; }
expect 0 "run --explain=5 --explain-from 100ms" env COLUMNS=1000 "$MKSIM" run "$HELLO" --explain=5 \
  --explain-from 100ms
n=$(narrated_times | wc -l)
if [ "$n" -ge 1 ] && [ "$n" -le 5 ]; then ok; else bad "--explain=5 --explain-from narrated $n lines"; fi
first=$(narrated_times | head -n 1)
if [ -n "$first" ] && awk -v t="$first" 'BEGIN { exit !(t >= 100 && t < 120) }'; then ok
else bad "--explain-from 100ms starts narrating at '$first' ms"; fi
has "$tmp/out" "Scenario hello" "--explain-from still prints the report"
expect 0 "run --explain-from alone" env COLUMNS=1000 "$MKSIM" run "$HELLO" --explain-from 150ms --quiet
n=$(narrated_times | wc -l)
if [ "$n" -gt 5 ] && [ "$n" -le 200 ]; then ok
else bad "--explain-from alone narrated $n lines, want the default up to 200"; fi
if narrated_times | awk '$1 < 150 { found = 1 } END { exit found }'; then ok
else bad "--explain-from 150ms narrated an earlier event"; fi
expect 2 "run --explain-from without a unit" "$MKSIM" run "$HELLO" --explain-from 100
has "$tmp/err" "--explain-from" "a bad --explain-from is named"
expect 2 "run --explain-from after the end" "$MKSIM" run "$HELLO" --explain-from 10s
has "$tmp/err" "not before the end of the run" "--explain-from past the end is explained"

# ---- run: the narration of one fault ------------------------------------
# These read one event a line, so they run at COLUMNS=1000; the narration's
# lines fitted to the terminal are tests/columns.sh's.
# in_order FILE WHAT REGEX...: lines matching the extended REGEXes come in
# FILE in this order (other lines between them).
in_order () {
  file=$1
  what=$2
  shift 2
  printf '%s\n' "$@" >"$tmp/pats"
  missing=$(awk 'NR == FNR { p[++n] = $0; next }
                 i < n && $0 ~ p[i + 1] { i++ }
                 END { if (i < n) print p[i + 1] }' "$tmp/pats" "$file")
  if [ -z "$missing" ]; then ok
  else bad "$what: no line '$missing' (after the ones before it)"; fi
}
# resolved_latency_ok FILE WHAT: the latency told when app.worker[0]'s first
# fault is resolved (its access goes through) is the time from its fault line
# to that line (the fault line comes after the trap's cost, a fraction of a
# microsecond).
resolved_latency_ok () {
  if awk '/  app\.worker\[0\] faults on / && t0 == "" { t0 = $1 }
          /  app\.worker\[0\] runs again and its access .*: fault [0-9]+ resolved after / && t0 != "" && v == "" {
            v = $(NF - 1); u = $NF
            ms = u == "ns" ? v / 1e6 : u == "µs" ? v / 1e3 : v
            d = ms - ($1 - t0) }
          END { exit !(v != "" && d >= 0 && d < 0.001) }' "$1"; then ok
  else bad "$2: the resolved fault's latency does not match its narration's times"; fi
}
W='app\.worker\[0\]'
CP='core\.pager\[0\]'
SM='swap\.manager\[0\]'
HUNG="--set managers[1].behavior.after=0ms"
expect 0 "run hung-manager --strategy async-signal --explain=120" env COLUMNS=1000 "$MKSIM" run hung-manager \
  --strategy async-signal --explain=120 $HUNG
in_order "$tmp/out" "async-signal narration" \
  "  $W faults on heap page [0-9]+ \(fault [0-9]+\); $CP receives it at once\$" \
  "$CP parks $W's fault on heap page [0-9]+ on the region map and has swap signalled" \
  "submits signal swap\.fault-handler; handler $SM wakes" \
  "core\.entrypoint\[0\] answers $SM's fault\(\): $W's fault on heap page" \
  "$SM works [0-9.]+ (ns|µs|ms) on heap page" \
  "$SM attaches heap page [0-9]+ to the region map; .* \($W\), each to fault again" \
  "answers $SM's fault\(\): no fault is pending, so $SM waits" \
  "  $W faults again on heap page [0-9]+ \(the re-fault after attach\); $CP receives" \
  "$CP maps heap page [0-9]+ into app and answers $W: answered after [0-9.]+ (ns|µs|ms)\$" \
  "  $W runs again and its access to heap page [0-9]+ goes through: fault [0-9]+ resolved after [0-9.]+ (ns|µs|ms)\$"
resolved_latency_ok "$tmp/out" "async-signal narration"
expect 0 "run hung-manager --strategy sync-rpc --explain=40" env COLUMNS=1000 "$MKSIM" run hung-manager \
  --strategy sync-rpc --explain=40 $HUNG
in_order "$tmp/out" "sync-rpc narration" \
  "evil\.manager\[0\] hangs: it never receives again" \
  "  $W faults on heap page [0-9]+ \(fault [0-9]+\); $CP receives it at once\$" \
  "core's pager calls swap \(resolve_fault\) for $W's fault on heap page [0-9]+ .*; $SM receives" \
  "swap answers; $CP maps heap page [0-9]+ into app and answers $W: answered after " \
  "calls evil \(resolve_fault\) .*; evil\.manager\[0\] never receives again \(hung\): $CP" \
  "faults on .*; $CP is itself waiting in evil's queue: .* waits in core\.pager's queue\$" \
  "  $W runs again and its access to heap page [0-9]+ goes through: fault [0-9]+ resolved after "
resolved_latency_ok "$tmp/out" "sync-rpc narration"
# The call is told once, not once more when it is received.
page=$(sed -n 's/.*  app\.worker\[0\] faults on heap page \([0-9]*\) (fault [0-9]*);.*/\1/p' "$tmp/out" |
  head -n 1)
n=$(grep -c "calls swap (resolve_fault) for app\.worker\[0\]'s fault on heap page $page " \
  "$tmp/out")
if [ -n "$page" ] && [ "$n" -eq 1 ] && ! grep -q "takes the fault of" "$tmp/out"; then ok
else bad "sync-rpc narration tells the call for app.worker[0]'s fault $n times"; fi

# ---- run: narrating one fault, one thread, the wait for the CPU ---------
# hello: two workers of one priority; a fault answered while the other one
# runs or is ahead in the queue waits for the CPU, and the narration says so
# with the same units as the report.
expect 0 "run hello --explain-fault 2" env COLUMNS=1000 "$MKSIM" run "$HELLO" --explain-fault 2 --quiet
in_order "$tmp/out" "--explain-fault 2" \
  "  app\.worker\[1\] faults on heap page [0-9]+ \(fault 2\); $CP receives it at once\$" \
  "$SM works [0-9.]+ µs on heap page" \
  "  app\.worker\[1\] is ready, behind 1 thread of its priority: it waits for the CPU \($W runs first\)\$" \
  "  app\.worker\[1\] runs again and its access to heap page [0-9]+ goes through: fault 2 resolved after [0-9.]+ µs\$"
# Every line is fault 2's: its own thread's, or one that names its page.
page=$(sed -n 's/.*faults on heap page \([0-9]*\) (fault 2);.*/\1/p' "$tmp/out")
n=$(grep -v -c -e "app\.worker\[1\]" -e "heap page $page\b" "$tmp/out")
if [ -n "$page" ] && [ "$n" -eq 0 ]; then ok
else bad "--explain-fault 2 narrated $n lines of other faults (page '$page')"; fi
if ! grep -q "fault 1\b" "$tmp/out" && ! grep -q " us\b" "$tmp/out"; then ok
else bad "--explain-fault 2 told fault 1, or a time in 'us'"; fi
expect 0 "run hello --explain-thread app.worker[1]" env COLUMNS=1000 "$MKSIM" run "$HELLO" --quiet \
  --explain-thread 'app.worker[1]' --explain=40
n=$(grep -c . "$tmp/out")
m=$(grep -c "app\.worker\[1\]" "$tmp/out")
# Its faults' lines count too: the manager's work names no thread.
w=$(grep -c "^ *[0-9.]* ms  $SM works" "$tmp/out")
if [ "$n" -eq 40 ] && [ "$((m + w))" -eq 40 ] && [ "$w" -ge 1 ]; then ok
else bad "--explain-thread app.worker[1]: $n lines, $m naming it, $w of its faults' service"; fi
expect 0 "run hello --explain-thread app.worker (every instance)" env COLUMNS=1000 "$MKSIM" run "$HELLO" --quiet \
  --explain-thread app.worker --explain=20
if grep -q "app\.worker\[0\]" "$tmp/out" && grep -q "app\.worker\[1\]" "$tmp/out" &&
   ! grep -q "^ *[0-9.]* ms  echo\.worker\[0\] replies to echo" "$tmp/out"; then ok
else bad "--explain-thread app.worker did not narrate both workers"; fi
expect 2 "run --explain-thread of no thread" "$MKSIM" run "$HELLO" --explain-thread worker
has "$tmp/err" "--explain-thread worker: no thread of that name" "an unknown thread is named"
if [ ! -s "$tmp/out" ]; then ok; else bad "--explain-thread of no thread printed a report"; fi
expect 2 "run --explain-fault past the last fault" "$MKSIM" run "$HELLO" --explain-fault 99999
has "$tmp/err" "the run has no such fault" "a fault the run never had is named"
expect 2 "run --explain-fault 0" "$MKSIM" run "$HELLO" --explain-fault 0
has "$tmp/err" "--explain-fault wants the number of a fault" "a bad --explain-fault is named"

# ---- run: output failures -----------------------------------------------
expect 1 "run --json into a missing directory" "$MKSIM" run "$HELLO" --quiet \
  --json "$tmp/no/such/dir/r.json"
has "$tmp/err" "$tmp/no/such/dir/r.json" "the bad output path is named"
expect 1 "run --json onto a directory" "$MKSIM" run "$HELLO" --quiet --json "$tmp"
expect 1 "run --csv into a missing directory, --json fine" "$MKSIM" run "$HELLO" --quiet \
  --json "$tmp/never.json" --csv "$tmp/no/such/dir/r.csv"
if [ -e "$tmp/never.json" ]; then bad "a failed run left a JSON file"; else ok; fi
# Only a real device: redirecting to a missing /dev/full would create a file.
# The JSON goes through a link, so a writer that wrongly renamed over its
# output path would replace the link, not the machine's /dev/full.
if [ -c /dev/full ]; then
  expect 1 "run with stdout full" sh -c "'$MKSIM' run '$HELLO' >/dev/full"
  ln -s /dev/full "$tmp/full"
  expect 1 "run --json into a full device" "$MKSIM" run "$HELLO" --quiet --json "$tmp/full"
  if [ -L "$tmp/full" ]; then ok; else bad "the device link was replaced"; fi
  rm -f "$tmp/full"
fi
if ls -a "$tmp" | grep -q '^\..*\.json\.'; then bad "a temp file was left behind"; else ok; fi

# ---- run: a run that stops before its end -------------------------------
# It is reported, its outputs are written and marked, and the status is 1.
expect 1 "run stopped by max_events" "$MKSIM" run hung-manager --set max_events=20000 \
  --json "$tmp/cut.json" --csv "$tmp/cut.csv" --trace "$tmp/cut.trace.json"
has "$tmp/out" "STOPPED EARLY: the max_events guard (20000 events) stopped the run" \
  "the report says why the run stopped"
has "$tmp/err" "marked \"incomplete\": true (raise the guard with --set max_events=N)" \
  "stderr says what was written and what to do"
has "$tmp/cut.json" '"incomplete": true,' "the JSON of a cut run is marked"
has "$tmp/cut.json" '"stopped": "the max_events guard (20000 events)' "the JSON says why"
has "$tmp/cut.csv" ",incomplete,stopped" "the CSV header has the marks"
has "$tmp/cut.csv" ",true,the max_events guard" "the CSV row is marked"
has "$tmp/cut.trace.json" '],"incomplete":true,"stopped":"the max_events guard' \
  "the trace is marked"
if [ "$(tail -n 1 "$tmp/cut.trace.json")" = '"}' ] || tail -n 1 "$tmp/cut.trace.json" | grep -q '"}$'
then ok; else bad "the trace of a cut run is not finished"; fi
if grep -q '"incomplete"' tests/data/pinned/hello.async-signal.json; then
  bad "a finished run is marked incomplete"
else ok; fi
expect 1 "run stopped by --max-wall" "$MKSIM" run message-cost --set duration=100s \
  --max-wall=50ms --quiet --json "$tmp/wall.json"
has "$tmp/wall.json" '"stopped": "the max_wall guard' "--max-wall reaches the run"
has "$tmp/err" "--max-wall" "a run stopped by --max-wall says how to raise it"
for v in 90s 5min 1.5h 500ms 120 0; do
  expect 0 "run --max-wall $v" "$MKSIM" run "$HELLO" --quiet --max-wall "$v"
done
for v in 5xyz -1s inf 1e99s ''; do
  expect 2 "run --max-wall '$v'" "$MKSIM" run "$HELLO" --quiet --max-wall "$v"
done
has "$tmp/err" "--max-wall wants a wall-clock duration" "a bad --max-wall is explained"

# ---- run: output names ----------------------------------------------------
for opt in --json --csv --trace; do
  expect 2 "run $opt ''" "$MKSIM" run "$HELLO" --quiet $opt ""
  has "$tmp/err" "$opt wants a file name" "run $opt '' is explained"
done
expect 2 "run --trace-window past the end" "$MKSIM" run "$HELLO" --trace "$tmp/late.json" \
  --trace-window 10s,11s
has "$tmp/err" "--trace-window starts at 10.000 s, not before the end of the run" \
  "--trace-window past the end is explained"
if [ -e "$tmp/late.json" ]; then bad "a rejected --trace-window left its trace"; else ok; fi

# ---- control characters in names ------------------------------------------
# ESC sequences (colour, clear screen), an OSC title sequence ended by BEL,
# the one-character CSI U+009B and a right-to-left override, written as JSON
# escapes: no text output shows them raw.
cat >"$tmp/esc.json" <<'END'
{ "name": "evil\u001b[31mred\u001b]0;pwned\u0007", "duration": "10ms",
  "lesson": "A lesson \u001b[2J that clears the screen. Then \u202eright to left.",
  "managers": [ { "name": "m\u001b[1m", "service": "10us" } ],
  "dataspaces": [ { "name": "d\u009b31m", "pages": 4, "manager": "m\u001b[1m" } ],
  "processes": [ { "name": "p\u001b[5m", "threads": [ { "name": "t\u001b]2;title\u0007",
    "program": [ { "repeat": "forever", "do": [
      { "touch": { "dataspace": "d\u009b31m", "pattern": "random" } },
      { "compute": "100us" } ] } ] } ] } ] }
END
# raw FILE WHAT: FILE holds no ESC, BEL, CSI (C2 9B) or RLO (E2 80 AE) byte.
raw () {
  if LC_ALL=C grep -q "$(printf '\033\\|\007\\|\302\233\\|\342\200\256')" "$1"; then
    bad "$2: a control character is printed raw"
  else ok; fi
}
expect 0 "run a scenario with control characters" "$MKSIM" run "$tmp/esc.json" --explain=20
raw "$tmp/out" "run --explain"
has "$tmp/out" 'Scenario evil\u001b[31mred\u001b]0;pwned\u0007, strategy' \
  "the report escapes the name"
has "$tmp/out" 'p\u001b[5m.t\u001b]2;title\u0007[0]' "the threads table escapes names"
has "$tmp/out" 'on d\u009b31m page' "the narration escapes names"
expect 0 "list a scenario with control characters" "$MKSIM" list "$tmp/esc.json"
raw "$tmp/out" "list NAME"
has "$tmp/out" 'A lesson \u001b[2J that clears' "the lesson is escaped"
has "$tmp/out" '\u202eright to left' "a direction override is escaped"
mkdir "$tmp/escdir"
cp "$tmp/esc.json" "$tmp/escdir/$(printf 'bad\033[31m').json"
expect 0 "list a folder with a control character in a file name" \
  env MKSIM_SCENARIOS="$tmp/escdir" "$MKSIM" list
raw "$tmp/out" "list"
has "$tmp/out" '  bad\u001b[31m  A lesson \u001b[2J' "list escapes names and lessons"
expect 0 "check a scenario with control characters" "$MKSIM" check "$tmp/escdir/"*.json
raw "$tmp/out" "check"
expect 2 "a loader message quoting a control character" "$MKSIM" run "$tmp/esc.json" \
  --set 'managers[0].name=x'
raw "$tmp/err" "a loader message"
has "$tmp/err" 'no manager named "m\u001b[1m"' "the loader's message is escaped"
expect 0 "compare a scenario with control characters" "$MKSIM" compare "$tmp/esc.json" \
  --strategies sync-rpc
raw "$tmp/out" "compare"
has "$tmp/out" "Scenario 'evil\\u001b[31mred" "compare's heading escapes the name"
# A --set value is checked as file text is: a control character is written
# as a JSON escape, and the sweep's rows show it escaped.
expect 2 "sweep a raw control character" "$MKSIM" sweep "$HELLO" --strategies sync-rpc \
  --param "$(printf 'processes[0].name=a\033cb,c')"
has "$tmp/err" 'in a JSON string write it as \u001b' "a raw control character in --param is refused"
expect 0 "sweep a value with control characters" "$MKSIM" sweep "$HELLO" --strategies sync-rpc \
  --param 'processes[0].name="a\u001bcb",c'
raw "$tmp/out" "sweep"
has "$tmp/out" 'a\u001bcb' "sweep's rows escape the values"
expect 2 "an unknown strategy with a control character" "$MKSIM" run "$HELLO" \
  --strategy "$(printf 'x\033[2J')"
raw "$tmp/err" "a usage message"
expect 2 "an unknown command with a control character" "$MKSIM" "$(printf 'x\033]0;t\007')"
raw "$tmp/err" "the unknown command"

# ---- run: writing into links, keeping modes, saying why -------------------
mkdir "$tmp/real"
echo stale >"$tmp/real/r.json"
chmod 640 "$tmp/real/r.json"
ln -s real/r.json "$tmp/link.json"
expect 0 "run --json through a link" "$MKSIM" run "$HELLO" --quiet --json "$tmp/link.json"
if [ -L "$tmp/link.json" ]; then ok; else bad "--json replaced the link by a file"; fi
has "$tmp/real/r.json" '"scenario": "hello"' "--json wrote the link's target"
if [ "$(stat -c %a "$tmp/real/r.json")" = 640 ]; then ok
else bad "--json changed the mode of the file it replaced to $(stat -c %a "$tmp/real/r.json")"; fi
if ls -a "$tmp" "$tmp/real" | grep -q '^\.r\.json\.\|^\.link\.json\.'; then
  bad "a temp file was left beside the link or its target"
else ok; fi
if [ -f /proc/version ]; then
  expect 1 "run --json /proc/version" "$MKSIM" run "$HELLO" --quiet --json /proc/version
  has "$tmp/err" "no file can be created in '/proc'" "--json /proc/version gives the reason"
  expect 1 "run --json /proc/version/x" "$MKSIM" run "$HELLO" --quiet --json /proc/version/x
  has "$tmp/err" "'/proc/version' is a file, not a folder" "--json under a file gives the reason"
fi
if [ -c /dev/full ]; then
  expect 1 "run --trace onto a full device" "$MKSIM" run "$HELLO" --quiet --trace /dev/full
  has "$tmp/err" "cannot write the trace '/dev/full': No space left on device" \
    "a full disk under the trace is named"
fi

# ---- run: the trace's size bound ----------------------------------------
expect 0 "run --trace-max" "$MKSIM" run hung-manager --quiet --trace "$tmp/small.json" \
  --trace-max 64KiB
# The note is broken to the terminal's width: read it as one line.
tr -s '\n ' '  ' <"$tmp/err" >"$tmp/err1"
has "$tmp/err1" "note: the trace '$tmp/small.json' reached its size bound (--trace-max 64 KiB)" \
  "a trace cut at its bound is noted"
has "$tmp/small.json" '"trace stops here: it reached its size bound of 64 KiB' \
  "the trace says where it stops"
size=$(wc -c <"$tmp/small.json")
if [ "$size" -le 65536 ]; then ok; else bad "--trace-max 64KiB wrote $size bytes"; fi
if [ "$(tail -n 1 "$tmp/small.json")" = "]}" ]; then ok; else bad "a cut trace is not closed"; fi
expect 0 "run --trace-max 0 (no bound)" "$MKSIM" run "$HELLO" --quiet --trace "$tmp/all.json" \
  --trace-max 0
if [ -s "$tmp/err" ]; then bad "--trace-max 0 printed a note"; else ok; fi
for v in 10 1KiB 10XB -1MiB ''; do
  expect 2 "run --trace-max '$v'" "$MKSIM" run "$HELLO" --quiet --trace "$tmp/t.json" \
    --trace-max "$v"
done
expect 2 "run --trace-max without --trace" "$MKSIM" run "$HELLO" --quiet --trace-max 1MiB

# ---- compare and sweep ----------------------------------------------------
# hello is small: a whole compare of it takes a few hundredths of a second.
expect 2 "compare without a scenario" "$MKSIM" compare
expect 2 "compare with two scenarios" "$MKSIM" compare "$HELLO" "$HELLO"
expect 2 "compare an unknown strategy" "$MKSIM" compare "$HELLO" --strategies sync-rpc,teleport \
  --json "$tmp/rejected.json"
has "$tmp/err" "teleport" "the unknown strategy is named"
has "$tmp/err" "local-region-mapper" "an unknown strategy lists the strategies"
expect 2 "compare a strategy given twice" "$MKSIM" compare "$HELLO" --strategies sync-rpc,sync-rpc
expect 2 "compare --runs 0" "$MKSIM" compare "$HELLO" --runs 0
expect 2 "compare --set of an unknown key" "$MKSIM" compare "$HELLO" --set nosuch.key=1
expect 2 "sweep without --param" "$MKSIM" sweep "$HELLO"
expect 2 "sweep --param without =" "$MKSIM" sweep "$HELLO" --param kernel.costs.ipc
expect 2 "sweep --param with an empty value" "$MKSIM" sweep "$HELLO" --param kernel.costs.ipc=1us,
expect 2 "sweep --param of strategy" "$MKSIM" sweep "$HELLO" --param strategy=sync-rpc,ipc-timeout
expect 2 "sweep --param of an unknown key" "$MKSIM" sweep "$HELLO" --param nosuch.key=1,2
expect 2 "sweep --param of a bad value" "$MKSIM" sweep "$HELLO" \
  --param kernel.costs.ipc=1us,banana --json "$tmp/rejected.json"
has "$tmp/err" "banana" "the bad swept value is named"
if [ -e "$tmp/rejected.json" ]; then bad "a rejected compare or sweep wrote its JSON"; else ok; fi

expect 0 "compare --jobs 1" "$MKSIM" compare "$HELLO" --runs 2 --jobs 1 --json "$tmp/cmp1.json"
has "$tmp/out" "async-signal" "compare prints its table"
has "$tmp/out" "fault latency p99" "compare's table has the fault latency"
expect 0 "compare --jobs 2" "$MKSIM" compare "$HELLO" --runs 2 --jobs 2 --json "$tmp/cmp2.json" -q
if [ -s "$tmp/out" ]; then bad "compare --quiet still printed a table"; else ok; fi
if [ -s "$tmp/cmp1.json" ] && cmp -s "$tmp/cmp1.json" "$tmp/cmp2.json"; then ok
else bad "compare --json differs between --jobs 1 and --jobs 2"; fi
PERCPU=scenarios/per-cpu-pagers.json
# With several CPUs the trace groups its threads by CPU.
expect 0 "trace of several CPUs" "$MKSIM" run "$PERCPU" -q --set duration=100ms --trace "$tmp/cpus-trace.json"
has "$tmp/cpus-trace.json" '"cpu 0"' "the trace has a group for CPU 0"
has "$tmp/cpus-trace.json" '"cpu 1"' "the trace has a group for CPU 1"
# Several CPUs stay deterministic whatever the number of jobs.
expect 0 "compare of several CPUs --jobs 1" "$MKSIM" compare "$PERCPU" --runs 3 --jobs 1 \
  --json "$tmp/cpus1.json" -q
expect 0 "compare of several CPUs --jobs 2" "$MKSIM" compare "$PERCPU" --runs 3 --jobs 2 \
  --json "$tmp/cpus2.json" -q
if [ -s "$tmp/cpus1.json" ] && cmp -s "$tmp/cpus1.json" "$tmp/cpus2.json"; then ok
else bad "compare --json of several CPUs differs between --jobs 1 and --jobs 2"; fi
has "$tmp/cpus1.json" '"cpus": [' "a run of several CPUs has its cpus"
has "$tmp/cmp1.json" '"runs": 2,' "compare JSON has the replications"
has "$tmp/cmp1.json" '"summary": ' "compare JSON has the summary"
has "$tmp/cmp1.json" '"ci95": ' "compare JSON has the confidence intervals"
n=$(grep -c '"fingerprint": ' "$tmp/cmp1.json")
if [ "$n" -eq 8 ]; then ok; else bad "compare of 4 strategies x 2 runs wrote $n runs"; fi
expect 0 "compare one strategy by bundled name, --csv" "$MKSIM" compare hello \
  --strategies sync-rpc --runs 2 --csv "$tmp/cmp.csv" -q
if [ "$(wc -l <"$tmp/cmp.csv")" -eq 3 ]; then ok; else bad "compare --csv: not header + 2 rows"; fi
has "$tmp/cmp.csv" "hello,sync-rpc,2," "compare CSV has the second seed"

expect 0 "sweep" "$MKSIM" sweep "$HELLO" --param kernel.costs.ipc=100ns,1us \
  --strategies async-signal,sync-rpc --json "$tmp/sweep.json"
has "$tmp/out" "kernel.costs.ipc" "sweep's tables name the parameter"
has "$tmp/sweep.json" '"param": "kernel.costs.ipc",' "sweep results name the parameter"
has "$tmp/sweep.json" '"value": "100ns",' "sweep results hold the first value"
has "$tmp/sweep.json" '"value": "1us",' "sweep results hold the second value"
n=$(grep -c '"value": ' "$tmp/sweep.json")
if [ "$n" -eq 4 ]; then ok; else bad "sweep of 2 values x 2 strategies wrote $n runs"; fi
expect 1 "compare --json into a missing directory" "$MKSIM" compare "$HELLO" -q \
  --strategies sync-rpc --json "$tmp/no/such/dir/c.json"

# ---- compare and sweep: usage, stops, interrupts ----------------------------
expect 0 "sweep with two --param: their grid" "$MKSIM" sweep "$HELLO" --strategies sync-rpc \
  --param kernel.costs.ipc=1us,2us --param seed=1,2,3 --json "$tmp/two.json" --csv "$tmp/two.csv"
n=$(grep -c '"params": {"kernel.costs.ipc": ' "$tmp/two.json")
if [ "$n" -eq 6 ]; then ok; else bad "a 2 x 3 grid wrote $n runs carrying both values"; fi
has "$tmp/two.json" '"params": {"kernel.costs.ipc": "2us", "seed": "3"}' "a grid run names each value"
has "$tmp/two.csv" 'kernel.costs.ipc,seed,scenario,' "a grid's CSV has a column per parameter"
has "$tmp/out" "× 3 values of seed (6 points)" "the table names the grid"
expect 2 "the same --param twice" "$MKSIM" sweep "$HELLO" --param seed=1,2 --param seed=3
has "$tmp/err" "--param seed is given twice" "a doubled --param is named"
expect 2 "compare --json ''" "$MKSIM" compare "$HELLO" --json ""
expect 2 "compare --plot ''" "$MKSIM" compare "$HELLO" --plot ""
expect 2 "compare --max-wall banana" "$MKSIM" compare "$HELLO" --max-wall banana
expect 1 "compare with runs stopped by max_events" "$MKSIM" compare hung-manager -q \
  --strategies sync-rpc,async-signal --set max_events=2000 --json "$tmp/cut.json" \
  --csv "$tmp/cut.csv"
has "$tmp/err" "sync-rpc, seed 1: the max_events guard (2000 events)" \
  "compare names a run that stopped early"
has "$tmp/err" "2 of 2 runs stopped before their end" "compare counts them"
has "$tmp/cut.json" '"stopped": "2 of 2 runs stopped before their end",' "compare's JSON is marked"
has "$tmp/cut.csv" ",true,the max_events guard" "compare's CSV is marked"

# interrupt SIG STATUS: SIG during a long sweep (800 runs of hung-manager)
# writes the runs completed so far, marked, leaves no temp file, and exits
# STATUS.  SIGINT is reset by perl: a shell starts background jobs with it
# ignored, and mksim leaves an ignored signal alone.  The signal comes
# after ten times what one run takes here, so that some runs are done
# however slow the build (SAN=1) or the machine, and most are not.
t0=$(date +%s%N)
"$MKSIM" run hung-manager -q >/dev/null 2>&1 </dev/null
t1=$(date +%s%N)
patience=$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.2f", 1.5 + 10 * ns / 1e9 }')
interrupt () {
  rm -rf "$tmp/int"
  mkdir "$tmp/int"
  perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or exit 127' "$MKSIM" sweep hung-manager -q \
    --param "seed=$(seq -s, 1 100)" --runs 2 --jobs 2 --json "$tmp/int/s.json" \
    --csv "$tmp/int/s.csv" >"$tmp/out" 2>"$tmp/err" </dev/null &
  pid=$!
  sleep "$patience"
  kill -"$1" "$pid"
  wait "$pid"
  got=$?
  if [ "$got" -eq "$2" ]; then ok; else bad "sweep interrupted by SIG$1: exit $got, want $2"; fi
  has "$tmp/err" "interrupted by SIG$1: " "SIG$1 is reported"
  has "$tmp/int/s.json" '"incomplete": true,' "an interrupted sweep's JSON is marked"
  has "$tmp/int/s.json" "\"stopped\": \"interrupted by SIG$1: " "the JSON says why"
  has "$tmp/int/s.json" '"missing": [' "the JSON lists the missing runs"
  n=$(grep -c '"fingerprint": ' "$tmp/int/s.json")
  if [ "$n" -ge 1 ] && [ "$n" -lt 800 ]; then ok
  else bad "an interrupted sweep wrote $n of 800 runs"; fi
  rows=$(($(wc -l <"$tmp/int/s.csv") - 1))
  if [ "$rows" -eq "$n" ]; then ok; else bad "the CSV has $rows runs, the JSON $n"; fi
  if [ "$(tail -n 1 "$tmp/int/s.json")" = "}" ]; then ok; else bad "the JSON is not whole"; fi
  if [ "$(ls -A "$tmp/int" | wc -l)" -eq 2 ]; then ok
  else bad "an interrupted sweep left: $(ls -A "$tmp/int" | tr '\n' ' ')"; fi
}
interrupt INT 130
interrupt TERM 143
# A run cannot be stopped half way: it is abandoned, and its temp files go.
rm -rf "$tmp/int"
mkdir "$tmp/int"
perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or exit 127' "$MKSIM" run message-cost -q \
  --set duration=100s --json "$tmp/int/r.json" --trace "$tmp/int/t.json" \
  >"$tmp/out" 2>"$tmp/err" </dev/null &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
got=$?
if [ "$got" -eq 130 ]; then ok; else bad "run interrupted by SIGINT: exit $got, want 130"; fi
has "$tmp/err" "interrupted by SIGINT: the run is abandoned" "an interrupted run says so"
if [ -z "$(ls -A "$tmp/int")" ]; then ok
else bad "an interrupted run left: $(ls -A "$tmp/int" | tr '\n' ' ')"; fi

# The figures compare --plot draws (sim/plot.c: NAME.dat, NAME.gp, then
# NAME.png and NAME.svg when gnuplot is there).
expect 0 "compare --plot" "$MKSIM" compare "$HELLO" --strategies async-signal,sync-rpc -q \
  --plot "$tmp/plots"
figures="cdf latency drops timeline-async-signal timeline-sync-rpc"
for f in $figures; do
  if [ -s "$tmp/plots/$f.dat" ] && [ -s "$tmp/plots/$f.gp" ]; then ok
  else bad "compare --plot wrote no $f.dat/$f.gp"; fi
done
if [ -s "$tmp/plots/timeline-sync-rpc.trace.json" ]; then ok
else bad "compare --plot wrote no timeline trace"; fi
if command -v "${MKSIM_GNUPLOT:-gnuplot}" >/dev/null 2>&1; then
  for f in $figures; do
    if [ "$(head -c 4 "$tmp/plots/$f.png" 2>/dev/null | tail -c 3)" = "PNG" ]; then ok
    else bad "compare --plot drew no $f.png"; fi
    has "$tmp/plots/$f.svg" "<svg" "compare --plot drew $f.svg"
  done
else
  skip=$((skip + 1))
  echo "note: no gnuplot; compare --plot images not checked"
fi

# The default timeline window moves to show the first hang: hung-manager's
# evil hangs at 200 ms, after the default window (50 ms of warmup, then
# 47.5 ms); the window starts a quarter of its width before the hang.
expect 0 "compare --plot of a hang" "$MKSIM" compare scenarios/hung-manager.json \
  --strategies sync-rpc -q --plot "$tmp/hplots"
has "$tmp/hplots/timeline-sync-rpc.gp" "thread states from 188.125 to 235.625 ms" \
  "the default timeline shows the hang"
expect 0 "compare --plot --timeline" "$MKSIM" compare scenarios/hung-manager.json \
  --strategies sync-rpc -q --plot "$tmp/hplots2" --timeline 10ms,20ms
has "$tmp/hplots2/timeline-sync-rpc.gp" "thread states from 10 to 20 ms" \
  "--timeline wins over the hang"

# ---- studies: shards, merge, resume, precision, the table's width ---------
# The study of these tests: hello under two strategies, 3 runs each, over
# two values of one parameter: 12 runs.
study () {
  "$MKSIM" sweep "$HELLO" --strategies async-signal,sync-rpc --param kernel.costs.ipc=1us,2us \
    --runs 3 "$@"
}
expect 0 "the study in one go" study -q --jobs 2 --json "$tmp/local.json" --csv "$tmp/local.csv"
if command -v parallel >/dev/null 2>&1; then
  # Three shards under GNU parallel, as on three machines, then merged.
  expect 0 "three shards under GNU parallel" parallel --will-cite -j 3 --halt now,fail=1 \
    "$MKSIM" sweep "$HELLO" --strategies async-signal,sync-rpc \
    --param kernel.costs.ipc=1us,2us --runs 3 -q --jobs 1 --shard {}/3 \
    --json "$tmp/shard{}.json" ::: 1 2 3
  expect 0 "merge the three shards" "$MKSIM" merge "$tmp/shard3.json" "$tmp/shard1.json" \
    "$tmp/shard2.json" --json "$tmp/merged.json" --csv "$tmp/merged.csv"
  if cmp -s "$tmp/merged.json" "$tmp/local.json"; then ok
  else bad "the merged JSON differs from the study run in one go"; fi
  if cmp -s "$tmp/merged.csv" "$tmp/local.csv"; then ok
  else bad "the merged CSV differs from the study run in one go"; fi
  has "$tmp/out" "kernel.costs.ipc" "merge prints the study's tables"
else
  skip=$((skip + 1))
  echo "note: GNU parallel is not installed (apt-get install parallel); shard test skipped"
  for i in 1 2 3; do study -q --shard $i/3 --json "$tmp/shard$i.json" 2>/dev/null; done
fi
n=$(grep -c '"slot": ' "$tmp/shard1.json")
if [ "$n" -eq 4 ]; then ok; else bad "shard 1/3 of 12 runs holds $n runs, want 4"; fi
has "$tmp/shard2.json" '"shard": {"index": 2, "count": 3}' "a shard says which it is"
expect 2 "merge with a shard missing" "$MKSIM" merge "$tmp/shard1.json" "$tmp/shard3.json"
has "$tmp/err" "shard 2/3 missing" "the missing shard is named"
expect 2 "merge with a shard doubled" "$MKSIM" merge "$tmp/shard1.json" "$tmp/shard2.json" \
  "$tmp/shard2.json" "$tmp/shard3.json" --json "$tmp/doubled.json"
has "$tmp/err" "shard 2/3 is given twice" "the doubled shard is named"
if [ -e "$tmp/doubled.json" ]; then bad "a refused merge wrote its JSON"; else ok; fi
"$MKSIM" sweep "$HELLO" --strategies async-signal,sync-rpc --param kernel.costs.ipc=1us,3us \
  --runs 3 -q --shard 2/3 --json "$tmp/other2.json" 2>/dev/null
expect 2 "merge shards of different parameters" "$MKSIM" merge "$tmp/shard1.json" \
  "$tmp/other2.json" "$tmp/shard3.json"
has "$tmp/err" "shards of different studies: the swept parameters or their values differ" \
  "merge says what differs"
"$MKSIM" sweep "$HELLO" --strategies async-signal,sync-rpc --param kernel.costs.ipc=1us,2us \
  --set kernel.costs.map=1us --runs 3 -q --shard 2/3 --json "$tmp/other2.json" 2>/dev/null
expect 2 "merge shards of different scenarios" "$MKSIM" merge "$tmp/shard1.json" \
  "$tmp/other2.json" "$tmp/shard3.json"
has "$tmp/err" "differs" "merge names the scenario or --set difference"
expect 2 "merge a complete output" "$MKSIM" merge "$tmp/local.json"
has "$tmp/err" "has no \"study\"" "merge says a complete output is no shard"
printf 'not json\n' >"$tmp/junk.json"
expect 2 "merge a file that is not JSON" "$MKSIM" merge "$tmp/junk.json"
expect 2 "merge nothing" "$MKSIM" merge
"$MKSIM" compare "$HELLO" -q --shard 1/1 --json "$tmp/cshard.json" 2>/dev/null
expect 2 "merge --plot of a compare" "$MKSIM" merge "$tmp/cshard.json" --plot "$tmp/mp"
has "$tmp/err" "--plot draws a sweep's figures only" "merge --plot of a compare is explained"
# A sweep's figures from the merged shards.
expect 0 "merge --plot of a sweep" "$MKSIM" merge "$tmp/shard1.json" "$tmp/shard2.json" \
  "$tmp/shard3.json" -q --plot "$tmp/mplot"
has "$tmp/mplot/sweep-latency-mean.gp" "(mean, 95 % CI)" "a merged sweep's figures are drawn"

# --resume runs only what the file lacks: shard 1 holds 4 of the 12 runs.
expect 0 "resume the study from a shard" study --jobs 2 --resume "$tmp/shard1.json" \
  --json "$tmp/resumed.json"
has "$tmp/err" "8 runs on 2 worker threads" "resume runs only the runs missing"
if cmp -s "$tmp/resumed.json" "$tmp/local.json"; then ok
else bad "the resumed study differs from the study run in one go"; fi
expect 0 "resume a shard from its own output" study --shard 1/3 --resume "$tmp/shard1.json" \
  --json "$tmp/again1.json"
has "$tmp/err" "0 runs on" "a shard resumed from its own output runs nothing"
expect 2 "resume a shard from another shard's output" study --shard 2/3 \
  --resume "$tmp/shard1.json" --json "$tmp/x.json"
expect 2 "resume with other --runs" "$MKSIM" sweep "$HELLO" --strategies async-signal,sync-rpc \
  --param kernel.costs.ipc=1us,2us --runs 4 --resume "$tmp/shard1.json"
has "$tmp/err" "the number of runs (--runs) differs" "resume says what differs"
expect 2 "resume from a complete output" study --resume "$tmp/local.json"

# Bad study options.
expect 2 "--shard 4/3" study --shard 4/3 --json "$tmp/x.json"
has "$tmp/err" "--shard wants I/N" "--shard 4/3 is explained"
expect 2 "--shard without --json" study --shard 1/3
expect 2 "--precision 0%" study --precision 0%
has "$tmp/err" "--precision wants a percentage above 0" "--precision 0% is explained"
expect 2 "--max-runs without --precision" study --max-runs 5
expect 2 "--precision with --shard" study --precision 5% --shard 1/2 --json "$tmp/x.json"
expect 2 "--max-runs below --runs" study --precision 5% --max-runs 2

# --precision: the JSON says whether it was reached, the text what held it up.
expect 0 "compare --precision" "$MKSIM" compare "$HELLO" --strategies async-signal,sync-rpc \
  --precision 50% --max-runs 6 --json "$tmp/prec.json"
has "$tmp/prec.json" '"precision_reached": ' "precision_reached is in the JSON"
has "$tmp/out" "Precision 50 %" "the text says how the precision went"

# The table fits $COLUMNS (80 unset): four strategies are split, not wrapped.
width () { sed 's/±/+/g; s/µ/u/g; s/−/-/g' "$1" | awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }'; }
expect 0 "compare four strategies" env -u COLUMNS "$MKSIM" compare hung-manager --runs 2
w=$(width "$tmp/out")
if [ "$w" -le 80 ]; then ok; else bad "compare's text is $w characters wide with COLUMNS unset"; fi
has "$tmp/out" "Paired differences" "compare prints the paired differences"
n=$(grep -c '^faults  ' "$tmp/out")
if [ "$n" -ge 2 ]; then ok; else bad "a table too wide is not split (row 'faults' printed $n times)"; fi
expect 0 "compare at 120 columns" env COLUMNS=120 "$MKSIM" compare hung-manager --runs 2
w=$(width "$tmp/out")
if [ "$w" -le 120 ] && [ "$w" -gt 80 ]; then ok; else bad "compare's text is $w wide at COLUMNS=120"; fi
# Off a terminal there is no progress line: no carriage return on stderr.
if grep -q "$(printf '\r')" "$tmp/err"; then bad "a progress line was drawn off a terminal"; else ok; fi

# Sweep figures: one run per point is said; counts never get a log axis.
expect 0 "sweep --plot, one run per point" "$MKSIM" sweep "$HELLO" -q \
  --param core.pager_threads=1,2,300 --plot "$tmp/onerun"
has "$tmp/onerun/sweep-latency-mean.gp" "(one run per point)" "a single-run sweep says so"
if grep -q "^logx = 1" "$tmp/onerun/sweep-ipc.gp"; then bad "a count parameter got a log x axis"; else ok; fi
if grep -q "^logy = 1" "$tmp/onerun/sweep-ipc.gp"; then bad "a count got a log y axis"; else ok; fi

# ---- a plot that cannot be written -----------------------------------------
# A directory where a plot's data file should go: a message and exit 1, no crash.
mkdir -p "$tmp/blocked/sweep-calls-completed.dat"
expect 1 "sweep --plot into an unwritable file" "$MKSIM" sweep "$HELLO" --param seed=1,2 \
  --strategies sync-rpc --plot "$tmp/blocked"

# ---- import-lackey ---------------------------------------------------------
LOG=tests/data/lackey/small.log
expect 0 "import-lackey" "$MKSIM" import-lackey "$LOG" -o "$tmp/small.trace" --ns-per-instr 1
has "$tmp/out" "$tmp/small.trace: 5 records of 3 pages from 6 accesses" "import-lackey's summary"
if [ "$(head -n 1 "$tmp/small.trace" 2>/dev/null)" = "mksim-page-trace 1" ]; then ok
else bad "import-lackey wrote no page trace"; fi
has "$tmp/small.trace" "command ./demo arg" "the trace names the traced command"
if [ "$(tail -n 5 "$tmp/small.trace" | tr '\n' ' ')" = "2 0 3 1 0 2 1 0 4 2 " ]; then ok
else bad "import-lackey's records: $(tail -n 5 "$tmp/small.trace" | tr '\n' ' ')"; fi
expect 0 "import-lackey --with-code --page-size" "$MKSIM" import-lackey "$LOG" -q \
  -o "$tmp/code.trace" --with-code --page-size 8192 --comment "hand-written"
if [ -s "$tmp/out" ]; then bad "import-lackey -q printed a summary"; else ok; fi
has "$tmp/code.trace" "with_code yes" "--with-code is in the header"
has "$tmp/code.trace" "# hand-written" "--comment is in the header"
expect 0 "import-lackey from stdin to stdout" sh -c "'$MKSIM' import-lackey - -o - < '$LOG'"
if [ "$(head -n 1 "$tmp/out")" = "mksim-page-trace 1" ]; then ok
else bad "import-lackey -o - does not print the trace"; fi
has "$tmp/err" "-: 5 records" "import-lackey -o - gives its summary on stderr"
# A failed import leaves the output as it was, and no temporary file.
echo "before" >"$tmp/kept.trace"
expect 2 "import-lackey of a log with other output" "$MKSIM" import-lackey \
  tests/data/lackey/mixed.log -o "$tmp/kept.trace"
has "$tmp/err" "tests/data/lackey/mixed.log:5: not a line of lackey's trace" \
  "a bad log line is named"
if [ "$(cat "$tmp/kept.trace")" = "before" ]; then ok; else bad "a failed import touched its output"; fi
expect 2 "import-lackey of a scenario" "$MKSIM" import-lackey "$HELLO" -o "$tmp/never.trace"
has "$tmp/err" "$HELLO:1: not a lackey log" "a file that is not a log is named"
expect 2 "import-lackey of a missing log" "$MKSIM" import-lackey "$tmp/missing.log" \
  -o "$tmp/never.trace"
expect 2 "import-lackey without -o" "$MKSIM" import-lackey "$LOG"
expect 2 "import-lackey without a log" "$MKSIM" import-lackey -o "$tmp/never.trace"
expect 2 "import-lackey --page-size 1000" "$MKSIM" import-lackey "$LOG" -o "$tmp/never.trace" \
  --page-size 1000
expect 2 "import-lackey --ns-per-instr -1" "$MKSIM" import-lackey "$LOG" -o "$tmp/never.trace" \
  --ns-per-instr -1
expect 1 "import-lackey into a missing directory" "$MKSIM" import-lackey "$LOG" \
  -o "$tmp/no/such/dir/x.trace"
expect 2 "import-lackey -o ''" "$MKSIM" import-lackey "$LOG" -o ""
# SIGINT while the log still comes (through a FIFO whose writer waits a
# second): no trace, no temp file, exit 130 once the read returns.
rm -rf "$tmp/int"
mkdir "$tmp/int"
mkfifo "$tmp/int/log"
{ cat "$LOG"; sleep 1; } >"$tmp/int/log" &
perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or exit 127' "$MKSIM" import-lackey "$tmp/int/log" \
  -o "$tmp/int/x.trace" >"$tmp/out" 2>"$tmp/err" </dev/null &
pid=$!
sleep 0.3
kill -INT "$pid"
wait "$pid"
got=$?
wait
if [ "$got" -eq 130 ]; then ok; else bad "import-lackey interrupted by SIGINT: exit $got, want 130"; fi
has "$tmp/err" "interrupted by SIGINT at line " "an interrupted import says so"
if [ "$(ls -A "$tmp/int")" = "log" ]; then ok
else bad "an interrupted import left: $(ls -A "$tmp/int" | tr '\n' ' ')"; fi
if [ -e "$tmp/never.trace" ]; then bad "a failed import left its output"; else ok; fi
if ls -a "$tmp" | grep -q '^\..*\.trace\.'; then bad "an import left a temp file"; else ok; fi
# The trace replays from a scenario beside it.
printf '%s\n' '{ "name": "r", "duration": "1ms", "dataspaces": [ { "name": "d", "pages": 3 } ],' \
  '"processes": [ { "name": "p", "threads": [ { "name": "t", "program": [' \
  '{ "replay": { "trace": "small.trace", "dataspace": "d", "repeat": 2 } } ] } ] } ] }' \
  >"$tmp/replay.json"
expect 0 "run a scenario replaying the imported trace" "$MKSIM" run "$tmp/replay.json" -q \
  --json "$tmp/replay-result.json"
has "$tmp/replay-result.json" '"ops_completed": 10}' "the replay counts one operation a record"

# ---- list, schema, bench ------------------------------------------------
expect 0 "list" "$MKSIM" list
has "$tmp/out" "  hello " "list shows hello"
has "$tmp/out" "Two threads compute" "list shows the lesson's first sentence"
if grep -q "page-fault reflection. The heap" "$tmp/out"; then
  bad "list shows more than one sentence"
else ok; fi
expect 0 "list NAME" "$MKSIM" list hello
has "$tmp/out" "Scenario hello: strategy async-signal" "list NAME names the scenario"
has "$tmp/out" "mksim run hello" "list NAME says how to run it"
tr '\n' ' ' <"$tmp/out" >"$tmp/lesson"
has "$tmp/lesson" "page-fault reflection. The heap keeps only 64" "list NAME shows the whole lesson"
has "$tmp/lesson" "ipc-timeout and see which figures move." "list NAME shows the lesson to its end"
if awk 'length($0) > 78 { exit 1 }' "$tmp/out"; then ok; else bad "list NAME has lines over 78"; fi
# A command inside a lesson is printed whole, without JSON escapes; one
# longer than a line is broken at its spaces only.
expect 0 "list NAME of a lesson with a command" "$MKSIM" list rm-session-quota.json
tr '\n' ' ' <"$tmp/out" >"$tmp/lesson"
has "$tmp/lesson" "--set \"dataspaces=[\$(seq -s, -f '{\"name\":\"big%g\",\"pages\":64,\"manager\":\"pool\"}' 0 63)]\")" \
  "list NAME keeps a command whole"
if grep -q '\\"' "$tmp/out"; then bad "list NAME shows JSON escapes"; else ok; fi
expect 0 "list two NAMEs" "$MKSIM" list hello hung-manager
n=$(grep -c '^Scenario ' "$tmp/out")
if [ "$n" -eq 2 ]; then ok; else bad "list of two NAMEs printed $n lessons"; fi
expect 2 "list of an unknown NAME" "$MKSIM" list nosuch
has "$tmp/err" "no bundled scenario 'nosuch'" "list names the unknown scenario"
expect 2 "list of the schema" "$MKSIM" list schema
expect 1 "list of a missing directory" env MKSIM_SCENARIOS="$tmp/none" "$MKSIM" list
mkdir "$tmp/scen"
cp "$HELLO" "$tmp/scen/first.json"
expect 0 "list in \$MKSIM_SCENARIOS" env MKSIM_SCENARIOS="$tmp/scen" "$MKSIM" list
has "$tmp/out" "  first " "list names a scenario by its file"
expect 0 "list NAME in \$MKSIM_SCENARIOS" env MKSIM_SCENARIOS="$tmp/scen" "$MKSIM" list first
has "$tmp/out" "Two threads compute" "list NAME finds it in \$MKSIM_SCENARIOS"

expect 0 "schema" "$MKSIM" schema
has "$tmp/out" '"$schema"' "schema is a JSON Schema"
if [ -f scenarios/schema.json ]; then
  if cmp -s "$tmp/out" scenarios/schema.json; then ok
  else bad "'mksim schema' differs from scenarios/schema.json"; fi
else
  skip=$((skip + 1))
  echo "note: scenarios/schema.json does not exist yet; schema comparison skipped"
fi
expect 2 "schema with an argument" "$MKSIM" schema extra
expect 2 "bench of an unknown benchmark" "$MKSIM" bench nosuch
expect 2 "bench --figures of an empty name" "$MKSIM" bench --figures "" ipc
expect 1 "bench --figures into a missing folder" "$MKSIM" bench --figures "$tmp/none/f" ipc
# The shortest benchmark (about a second): its figures as make bench reads them.
expect 0 "bench --figures" "$MKSIM" bench --figures "$tmp/figures" ipc
has "$tmp/out" "ipc: 16 clients" "bench prints its text"
if grep -Eq '^ipc\.events_per_s [0-9.e+]+$' "$tmp/figures" && [ "$(wc -l <"$tmp/figures")" -eq 1 ]
then ok; else bad "bench --figures did not write one 'KEY VALUE' line"; fi

if [ "$skip" -gt 0 ]; then echo "$pass passed, $fail failed, $skip skipped"
else echo "$pass passed, $fail failed"; fi
[ "$fail" -eq 0 ]
