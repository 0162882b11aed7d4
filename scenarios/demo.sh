#!/bin/sh
# A first tour of mksim: the bundled scenarios, a check of all of them, and
# one run explained.  Usage: sh scenarios/demo.sh [PATH-TO-MKSIM]
set -e
MKSIM=${1:-./mksim}
cd "$(dirname "$0")/.."

echo "== The bundled scenarios, each with the first sentence of its lesson:"
"$MKSIM" list
echo
echo "== Every scenario is validated before it runs; 'check' does only that:"
"$MKSIM" check scenarios/*.json
echo
echo "== Running hello, the introductory scenario.  The report shows the page faults (how many, how"
echo "   long they took, where the time went), what core and the kernel did, and"
echo "   what each thread did.  The same seed always gives the same figures."
"$MKSIM" run scenarios/hello.json
echo
echo "== Try next:"
echo "   $MKSIM run scenarios/hello.json --strategy sync-rpc"
echo "   $MKSIM run scenarios/hello.json --explain=40      (the first 40 events in words)"
echo "   $MKSIM run scenarios/hello.json --trace trace.json   (open it in Perfetto)"
