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
   Read: 'innocent stalled threads' and 'core blocked' (sync-rpc: core waits for the
   hung manager until the end, so even faults on plain dataspaces stall);
   async-signal: only the culprit threads wait; local-region-mapper: only the
   process that uses the hung manager; ipc-timeout: core stalls one timeout per
   fault and the dropped faults are never resolved.
EOF
"$MKSIM" compare scenarios/hung-manager.json --runs 3 --plot "$OUT/hung-manager" --timeline 190ms,250ms

say "2. The price: all managers healthy (scenarios/message-cost.json)"
cat <<'EOF'
   Asynchronous reflection costs more messages and a second fault per fault; the
   breakdown in 'mksim run scenarios/message-cost.json' shows where the time goes.
EOF
"$MKSIM" compare scenarios/message-cost.json --strategies async-signal,sync-rpc

say "3. Timeouts: 'too short and too long. Mostly both options are combined.'"
cat <<'EOF'
   GUI input delivered with an IPC timeout, swept from 1 ms to 100 ms: short
   timeouts drop events, long ones freeze the server; async-signal does neither.
EOF
"$MKSIM" sweep scenarios/timeout-dilemma.json --param kernel.ipc_timeout=1ms,2ms,5ms,10ms,20ms,50ms,100ms \
  --strategies ipc-timeout,async-signal --plot "$OUT/timeout-dilemma"

say "Plots (PNG and SVG, with their data and gnuplot scripts)"
for d in "$OUT/hung-manager" "$OUT/timeout-dilemma"; do echo "   $d:"; (cd "$d" && ls *.png | tr "\n" " " | fold -s -w 76 | sed "s/^/     /"); echo; done
cat <<EOF

   Next: change one number and see the trade-off move, e.g.
     $MKSIM run scenarios/hung-manager.json --strategy sync-rpc --explain=40
     $MKSIM compare scenarios/hung-manager.json --set core.pager_threads=4
     $MKSIM run scenarios/dope-timeout-drops.json --trace trace.json   (open in Perfetto)
   Every bundled scenario: '$MKSIM list'; the format: scenarios/SCHEMA.md.
EOF
