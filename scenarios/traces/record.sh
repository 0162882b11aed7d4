#!/bin/sh
# Records the page traces of scenarios/traces.json again, from real runs
# under valgrind's lackey tool, on this machine (its gzip, its gcc, its libc:
# the figures of the lesson were taken with the traces as shipped, recorded
# on Debian 12 x86_64 with gzip 1.12, gcc 12.2.0 and valgrind 3.19.0).
#   sh scenarios/traces/record.sh [MKSIM]        (from the top of the tree)
# lackey writes its log to file descriptor 9, a pipe into import-lackey, so
# that no log of a gigabyte lands on the disk and the program's own output
# (sent to /dev/null) cannot mix into it.
set -eu
MKSIM=$(realpath "${1:-./mksim}")
dir=$(realpath "$(dirname "$0")")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mksim-record.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The programs run in the temporary folder on relative names, so that the
# traces' "command" lines name no temporary path.
cd "$tmp"

# gzip compressing 2 KB of text (the top of mksim's README), the whole run:
# the dynamic linker and libc's start-up, then the compression.
cp "$dir/gzip-input.txt" input.txt
valgrind --tool=lackey --trace-mem=yes --log-fd=9 gzip -c input.txt \
  9>&1 >/dev/null 2>&1 |
  "$MKSIM" import-lackey - -o "$dir/gzip.trace" \
    --comment "gzip 1.12 compressing gzip-input.txt (2008 bytes of text), the whole run." \
    --comment "Recorded by scenarios/traces/record.sh: valgrind --tool=lackey --trace-mem=yes --log-fd=9 gzip -c input.txt | mksim import-lackey - -o gzip.trace"

# gcc's compiler proper, cc1, run directly (one process, no driver) on a
# small C file at -O2.  The whole run is 28.1 million records, too long to
# ship: this is a window of 80,000 records from its middle, well past the
# 2.4 million records cc1 spends on an empty file (start-up and teardown).
cp "$dir/cc1-input.c" input.c
valgrind --tool=lackey --trace-mem=yes --log-fd=9 "$(gcc -print-prog-name=cc1)" -quiet -O2 \
  input.c -o input.s 9>&1 >/dev/null 2>&1 |
  "$MKSIM" import-lackey - -o "$dir/cc1.trace" --skip-records 15000000 --max-records 80000 \
    --comment "gcc 12.2.0's cc1 compiling cc1-input.c (a 134-line word counter) at -O2: records 15,000,001 to 15,080,000 of the run's 28.1 million, in the middle of the compilation." \
    --comment "Recorded by scenarios/traces/record.sh: valgrind --tool=lackey --trace-mem=yes --log-fd=9 \$(gcc -print-prog-name=cc1) -quiet -O2 input.c -o input.s | mksim import-lackey - -o cc1.trace --skip-records 15000000 --max-records 80000"
