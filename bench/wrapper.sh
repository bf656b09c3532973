#!/usr/bin/env bash
# make bench, the flamegraph part: what the wrapper costs on top of perf alone, on a ~10 s
# recording of demo/workload.c (--call-graph fp, so perf script stays quick).
#   record           perf record of the workload (its own ~10 s)
#   script           perf script alone on that recording, output to /dev/null (best of 3)
#   --perfdata       flamegraph --perfdata on the same recording (best of 3): an fp recording is
#                    folded in process, so this is reading perf.data, folding and rendering
# and the wrapper's whole run against perf record + perf script. Floor: the wrapper adds <= 5%.
# A report, not a test: it always exits 0.
set -uo pipefail
trap 'exit 0' EXIT
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${FG_BENCH_BIN:-$ROOT/bin}
OUT=$ROOT/bench/out/wrapper
WORK_SECONDS=${FG_BENCH_WRAPPER_SECONDS:-10}
RUNS=3
mkdir -p "$OUT"
cd "$OUT" || exit 0

say() { printf '%s\n' "$*" >&2; }

if ! command -v perf >/dev/null 2>&1 || ! perf record -o probe.data -- true >/dev/null 2>&1; then
  echo "flamegraph vs perf alone: not measured (perf cannot record here)"; exit 0
fi
if ! gcc -O1 -g -fno-omit-frame-pointer -pthread -o workload "$ROOT/demo/workload.c"; then
  echo "flamegraph vs perf alone: not measured (cannot compile demo/workload.c)"; exit 0
fi
[[ -x $BIN/flamegraph ]] || { echo "flamegraph vs perf alone: not measured (bin/flamegraph not built)"; exit 0; }

# seconds COMMAND...: wall time of one run, output discarded; empty when the command failed.
seconds() {
  local start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1 || return 1
  awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.3f", e - s }'
}
best() {   # best of RUNS runs
  local b= t i
  for ((i = 0; i < RUNS; i++)); do
    t=$(seconds "$@") || return 1
    if [[ -z $b ]] || awk -v a="$t" -v b="$b" 'BEGIN { exit !(a < b) }'; then b=$t; fi
  done
  echo "$b"
}

say "bench: flamegraph vs perf alone (${WORK_SECONDS} s workload)"
record=$(seconds perf record -F 997 --call-graph fp -g -o perf.data -- ./workload "$WORK_SECONDS") \
  || { echo "flamegraph vs perf alone: perf record failed"; exit 0; }
script=$(best perf script --force -i perf.data) || { echo "flamegraph vs perf alone: perf script failed"; exit 0; }
perfdata=$(best "$BIN/flamegraph" --perfdata perf.data -o perfdata.svg) || { echo "flamegraph vs perf alone: flamegraph --perfdata failed"; exit 0; }
whole=$(seconds "$BIN/flamegraph" --call-graph fp -o whole.svg -- ./workload "$WORK_SECONDS") \
  || { echo "flamegraph vs perf alone: flamegraph failed"; exit 0; }
samples=$(perf script --force -i perf.data -F tid 2>/dev/null | wc -l)

awk -v rec="$record" -v scr="$script" -v pd="$perfdata" -v whole="$whole" -v n="$samples" -v secs="$WORK_SECONDS" 'BEGIN {
  alone = rec + scr; added = (whole - alone) / alone * 100
  printf "flamegraph vs perf alone (%s s of demo/workload.c, --call-graph fp, %d samples)\n\n", secs, n
  printf "  %-36s %8.2f s\n", "record (perf record)", rec
  printf "  %-36s %8.2f s\n", "script (perf script alone)", scr
  printf "  %-36s %8.2f s\n", "flamegraph --perfdata (no perf script)", pd
  printf "  %-36s %8.2f s\n", "perf record + perf script", alone
  printf "  %-36s %8.2f s   adds %.1f%%   floor: adds <= 5%%   %s\n", "flamegraph, whole run", whole, added, (added <= 5 ? "ok" : "ABOVE FLOOR")
}'
