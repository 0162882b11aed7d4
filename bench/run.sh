#!/bin/sh
# What `make bench` runs: mksim's own benchmarks (mksim bench --figures),
# the peers' workload under SimGrid and SimPy 2 where they are installed,
# a table of round trips per wall second side by side, and one verdict line
# per target of the performance issue (PASS or MISS, with the figure and the
# target).  With BENCH_JSON=F every figure and verdict also goes to F.
#
# Environment: MKSIM (default ./mksim), PEER_SIMGRID (the built SimGrid
# peer; absent or empty: skipped), BENCH_PYTHON (default /usr/bin/python3,
# Debian's, where python3-simpy installs), BENCH_JSON, BENCH_PEER_TIMEOUT
# (seconds each peer run may take, default 60).
#
# Each peer runs a simulated time short enough for a few seconds of wall
# time (SimGrid at 100,000 clients spends them creating its actors); every
# rate is round trips over the wall time of the whole run, setup included,
# so a short run is not flattered.  The round-trip counts are checked
# against the workload's own: the server is the bottleneck, one reply every
# 2 us from 12 us on, so a run of H us counts ceil((H - 10) / 2) - 1
# (SimGrid's floating-point clock may count the reply at H itself: one more).
set -u

MKSIM=${MKSIM:-./mksim}
PEER_SIMGRID=${PEER_SIMGRID:-}
PYTHON=${BENCH_PYTHON:-/usr/bin/python3}
JSON=${BENCH_JSON:-}
TIMEOUT=${BENCH_PEER_TIMEOUT:-60}
here=$(dirname "$0")

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fig=$tmp/figures
notes=$tmp/notes
: > "$notes"

note () {
  echo "bench: $*"
  echo "$*" >> "$notes"
}

echo "== mksim"
"$MKSIM" bench --figures "$fig" hold ipc peers threads memory paging || {
  echo "bench: mksim bench failed" >&2
  exit 1
}

# bench/peers.json is the built-in peers benchmark as a file: 1 s of it
# must count what the workload does.
echo
echo "== bench/peers.json"
if "$MKSIM" run "$here/peers.json" --set duration=1s -q --json "$tmp/peers.json" >/dev/null; then
  calls=$(awk '/"calls": \{/ { c = 1 } c && /"completed":/ { gsub (/[^0-9]/, ""); print; exit }' \
            "$tmp/peers.json")
  echo "peers.json, 16 clients, 1 s simulated: $calls round trips (the workload's count: 499994)"
  echo "peersjson.1s.round_trips $calls" >> "$fig"
else
  note "mksim run bench/peers.json failed"
fi

# One peer run: NAME CLIENTS SIM_S COMMAND...; its line goes to the figures.
peer () {
  name=$1 clients=$2 sim_s=$3
  shift 3
  out=$tmp/$name.$clients
  timeout "$TIMEOUT" "$@" "$clients" "$sim_s" > "$out" 2> "$out.err"
  rc=$?
  line=$(grep "^peer=$name " "$out" | tail -n 1)
  if [ $rc -ne 0 ] || [ -z "$line" ]; then
    if [ $rc -eq 124 ]; then why="timed out after $TIMEOUT s"
    else why="failed (exit $rc): $(grep -v '^\[' "$out.err" | head -n 1; grep CRITICAL "$out.err" | head -n 1)"; fi
    note "$name at $clients clients, $sim_s s simulated, $why"
    echo "$name.$clients.failed 1" >> "$fig"
    return
  fi
  echo "$line"
  echo "$line" | awk -v p="$name.$clients" '{
    for (i = 1; i <= NF; i++) { split ($i, kv, "="); v[kv[1]] = kv[2] }
    printf "%s.round_trips %s\n%s.sim_s %s\n%s.wall_s %s\n", p, v["round_trips"], p, v["sim_s"], p, v["wall_s"]
    if (v["wall_s"] > 0) printf "%s.round_trips_per_s %.9g\n", p, v["round_trips"] / v["wall_s"]
  }' >> "$fig"
}

echo
echo "== SimGrid"
if [ -n "$PEER_SIMGRID" ] && [ -x "$PEER_SIMGRID" ]; then
  # SimGrid's settings for many actors: guard-size:0 drops the guard page
  # of each actor's stack (with it, 100,000 actors exceed Linux's default
  # limit of 65,530 mappings and SimGrid aborts, its message suggesting
  # this), and stacks of 16 KiB instead of 8 MiB, plenty for these actors,
  # cut its setup at 100,000 actors from some 30 s to 15 (the kernel's
  # time to map the stacks).
  for run in "16 0.2" "10000 0.04" "100000 0.002"; do
    set -- $run
    peer simgrid "$1" "$2" "$PEER_SIMGRID" --cfg=contexts/guard-size:0 \
      --cfg=contexts/stack-size:16 --log=root.thres:warning
  done
else
  note "SimGrid peer skipped: not built (apt-get install -y libsimgrid-dev g++, then make bench)"
fi

echo
echo "== SimPy 2"
if "$PYTHON" -c 'import SimPy.Simulation' 2>/dev/null; then
  for run in "16 0.5" "10000 0.5" "100000 0.2"; do
    set -- $run
    peer simpy "$1" "$2" "$PYTHON" "$here/peer_simpy.py"
  done
else
  note "SimPy peer skipped: $PYTHON has no SimPy 2 (apt-get install -y python3-simpy)"
fi

# The table, the verdicts and the JSON, from the figures.
echo
awk -v json="$JSON" -v notes="$notes" '
function has (k) { return (k in f) }
function num (x) { return sprintf ("%.9g", x) }
function rate (x) {
  if (x >= 1e6) return sprintf ("%.2f M", x / 1e6)
  if (x >= 1e3) return sprintf ("%.1f k", x / 1e3)
  return sprintf ("%.0f", x)
}
function ratio (a, b) { return (has (a) && has (b) && f[b] > 0) ? sprintf ("%.0fx", f[a] / f[b]) : "-" }
function cell (k) { return has (k) ? rate (f[k]) : "-" }
# ceil((H - 10) / 2) - 1 round trips in H microseconds
function expected (sim_s,   h, k) { h = sim_s * 1e6; k = (h - 10) / 2; return (k == int (k) ? k : int (k) + 1) - 1 }
function verdict (what, key, op, bound, unit, scale,   ok, v, shown) {
  nv++
  vk[nv] = key; vw[nv] = what; vo[nv] = op; vb[nv] = bound
  if (!has (key)) { vr[nv] = "MISS"; vv[nv] = "null"
    printf "MISS  %-58s not measured (target %s %s%s)\n", what, op, bound / scale, unit; return }
  v = f[key]
  ok = (op == ">=" && v >= bound) || (op == "<=" && v <= bound) || (op == "<" && v < bound)
  vr[nv] = ok ? "PASS" : "MISS"; vv[nv] = num (v)
  printf "%s  %-58s %s%s (target %s %s%s)\n", vr[nv], what, sprintf ("%.4g", v / scale), unit, op,
         bound / scale, unit
}
{ f[$1] = $2; order[++n] = $1 }
END {
  split ("16 10000 100000", sizes, " ")
  print "round trips per wall second, peers'"'"' workload (whole run, setup included):"
  printf "%10s %14s %14s %14s %12s %12s\n", "clients", "mksim", "SimGrid", "SimPy 2", "x SimGrid", "x SimPy"
  for (i = 1; i <= 3; i++) {
    c = sizes[i]
    printf "%10s %14s %14s %14s %12s %12s\n", c, cell ("peers." c ".round_trips_per_s"),
           has ("simgrid." c ".failed") ? "failed" : cell ("simgrid." c ".round_trips_per_s"),
           has ("simpy." c ".failed") ? "failed" : cell ("simpy." c ".round_trips_per_s"),
           ratio ("peers." c ".round_trips_per_s", "simgrid." c ".round_trips_per_s"),
           ratio ("peers." c ".round_trips_per_s", "simpy." c ".round_trips_per_s")
  }
  print ""
  print "round-trip counts against the workload'"'"'s (ceil((H - 10 us) / 2 us) - 1 in H):"
  for (i = 1; i <= 3; i++) {
    c = sizes[i]
    split ("peers simgrid simpy", who, " ")
    for (j = 1; j <= 3; j++) {
      k = who[j] "." c
      if (!has (k ".round_trips")) continue
      e = expected (f[k ".sim_s"]); d = f[k ".round_trips"] - e
      ok = d == 0 || (who[j] == "simgrid" && d == 1)
      printf "  %-8s %6s clients, %6s s simulated: %9d round trips, expected %9d  %s\n",
             who[j] == "peers" ? "mksim" : who[j], c, f[k ".sim_s"], f[k ".round_trips"], e,
             ok ? "ok" : "DIFFERS"
      f["count_check." k] = ok
    }
  }
  if (has ("peersjson.1s.round_trips"))
    printf "  %-8s %6s clients, %6s s simulated: %9d round trips, expected %9d  %s\n",
           "peers.json", 16, 1, f["peersjson.1s.round_trips"], expected (1),
           f["peersjson.1s.round_trips"] == expected (1) ? "ok" : "DIFFERS"
  print ""
  print "verdicts:"
  verdict ("round trips/s at 16 clients", "peers.16.round_trips_per_s", ">=", 8e6, " M", 1e6)
  verdict ("round trips/s at 10,000 clients", "peers.10000.round_trips_per_s", ">=", 6e6, " M", 1e6)
  verdict ("round trips/s at 100,000 clients", "peers.100000.round_trips_per_s", ">=", 4e6, " M", 1e6)
  verdict ("bytes per simulated thread (10^6 threads)", "threads.bytes_per_thread", "<=", 512, " B", 1)
  verdict ("10^6 threads set up and torn down", "threads.setup_teardown_s", "<", 3, " s", 1)
  verdict ("peak memory at 60 s simulated / at 2 s", "memory.ratio", "<=", 1.3, "x", 1)
  verdict ("paging faults/s under sync-rpc", "paging.sync-rpc.faults_per_s", ">=", 1e6, " k", 1e3)
  verdict ("paging faults/s under async-signal", "paging.async-signal.faults_per_s", ">=", 6e5, " k", 1e3)
  verdict ("event queue / plain 4-ary heap at 10^6 pending", "hold.ratio.1000000", "<=", 1.1, "x", 1)
  pass = 0
  for (i = 1; i <= nv; i++) pass += vr[i] == "PASS"
  printf "%d of %d targets met\n", pass, nv

  if (json == "") exit 0
  printf "{\n  \"figures\": {" > json
  k = 0
  for (i = 1; i <= n; i++) {
    if (seen[order[i]]++) continue
    printf "%s\n    \"%s\": %s", (k++ ? "," : ""), order[i], num (f[order[i]]) > json
  }
  printf "\n  },\n  \"verdicts\": [" > json
  for (i = 1; i <= nv; i++)
    printf "%s\n    {\"target\": \"%s\", \"figure\": \"%s\", \"value\": %s, \"op\": \"%s\", \"bound\": %s, \"verdict\": \"%s\"}",
           (i > 1 ? "," : ""), vw[i], vk[i], vv[i], vo[i], num (vb[i]), vr[i] > json
  printf "\n  ],\n  \"passed\": %d,\n  \"targets\": %d,\n  \"notes\": [", pass, nv > json
  k = 0
  while ((getline line < notes) > 0) {
    gsub (/\\/, "\\\\", line); gsub (/"/, "\\\"", line); gsub (/\t/, " ", line)
    printf "%s\n    \"%s\"", (k++ ? "," : ""), line > json
  }
  printf "\n  ]\n}\n" > json
  close (json)
  printf "figures and verdicts written to %s\n", json
}' "$fig"
