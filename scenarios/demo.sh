#!/bin/sh
# The flagship example behind `make demo`: the seed question answered with
# numbers and plots.  A dataspace manager hangs; the four designs of
# reflecting page faults are compared on the same scenario and seeds; then
# the IPC-timeout dilemma is swept from 1 ms to 100 ms.
# Usage: sh scenarios/demo.sh [PATH-TO-MKSIM]   (plots go to $MKSIM_OUT, default out/)
set -e
MKSIM=${1:-./mksim}
OUT=${MKSIM_OUT:-out}
cd "$(dirname "$0")/.."

say () { printf '\n== %s\n' "$*"; }

say "The bundled scenarios, each with the first sentence of its lesson"
"$MKSIM" list

say "1. Trust: one of two dataspace managers hangs at 200 ms (scenarios/hung-manager.json)"
cat <<'EOF'
   "If core employed a synchronous interface for reflecting page faults to the user
    land, it would make itself depend on the proper operation of each dataspace
    manager involved."  The four designs run on the same scenario, 3 seeds each.
   Read the rows 'innocent threads stalled', 'core blocked' and 'faults':
   sync-rpc: core's pager waits for the hung manager to the end (about 830 ms of the
     1 s run), so even faults on plain dataspaces stall (6 innocent threads) and
     only about 800 faults are served, against 4100 to 4200 under the others.  The
     latency rows count resolved faults only: sync-rpc's stuck faults are not in them.
   async-signal: only viewer's threads, which use the hung manager, wait; core is
     never blocked.
   local-region-mapper: the same; only viewer's own region mapper is stuck.
   ipc-timeout: core's pager stalls one 5 ms timeout per fault on the hung manager
     (two here: 'core longest stall' about 10 ms; the rest of 'core blocked' is the
     ordinary wait for the healthy manager), and those 2 dropped faults are never
     resolved.
EOF
"$MKSIM" compare scenarios/hung-manager.json --runs 3 --plot "$OUT/hung-manager" --timeline 190ms,250ms

say "2. The price: all managers healthy (scenarios/message-cost.json)"
cat <<'EOF'
   Asynchronous reflection costs three times the IPC messages per fault (12 against
   4) and a second fault per fault, and its mean latency is about a third higher
   (about 65 against 49 us).  'where a resolved fault's time went' in
   'mksim run scenarios/message-cost.json' shows why: the 're-fault', about 30 us,
   the woken thread waiting for the CPU before it can fault again; a sync-rpc
   thread waits for the CPU once, after its answer ('waiting for the CPU once
   answered', about 27 against 6 us), which makes up part of it.
EOF
"$MKSIM" compare scenarios/message-cost.json --strategies async-signal,sync-rpc

say "3. Timeouts: 'too short and too long. Mostly both options are combined.'"
cat <<'EOF'
   GUI input delivered with an IPC timeout, swept from 1 ms to 100 ms; client broken
   stops receiving at 5 s.  Read 'GUI events dropped', 'GUI longest freeze' and 'GUI
   latency p99': short timeouts drop events, long ones freeze the server and build a
   backlog seconds long.  async-signal never freezes, and its 269 drops are all
   broken's own buffer overflowing.  (The IPC and signal tables count all traffic,
   the input driver's signals to the server included.)
EOF
"$MKSIM" sweep scenarios/timeout-dilemma.json --param kernel.ipc_timeout=1ms,2ms,5ms,10ms,20ms,50ms,100ms \
  --strategies ipc-timeout,async-signal --plot "$OUT/timeout-dilemma"

say "Plots (PNG and SVG, with their data and gnuplot scripts)"
cat <<'EOF'
   hung-manager: health.png puts the lesson's figures side by side (faults resolved
   and never resolved, innocent threads stalled, core blocked); timeline-*.png show
   each thread from 190 to 250 ms (under sync-rpc every one turns blocked_fault after
   200 ms); cdf.png and tail.png count every fault, so a curve that ends below 1
   (flat at the right in tail.png) is faults never resolved; latency.png covers the
   resolved faults only.
   timeout-dilemma: sweep-gui-dropped (timeouts apart from async-signal's full buffer),
   -max-freeze and -p99 are the dilemma.
EOF
for d in "$OUT/hung-manager" "$OUT/timeout-dilemma"; do echo "   $d:"; (cd "$d" && ls *.png | tr "\n" " " | fold -s -w 76 | sed "s/^/     /"); echo; done
cat <<EOF

   Next: change one number and see the trade-off move, e.g.
     $MKSIM run scenarios/hung-manager.json --strategy sync-rpc --explain=30 \\
         --set managers[1].behavior.after=0ms     (the hang from the start, in words)
     $MKSIM compare scenarios/hung-manager.json --set core.pager_threads=4
         (sync-rpc stalls no innocent thread now: two pagers are stuck with the hung
         manager for good, the other two serve the rest)
     $MKSIM run scenarios/dope-timeout-drops.json --trace trace.json   (open in Perfetto)
   Every bundled scenario: '$MKSIM list'; the format: scenarios/SCHEMA.md.
EOF
