#!/usr/bin/env bash
# make bench, the perf.data part: fg-collapse-perf reading a recording itself against
# `perf script -F +pid | fg-collapse-perf`, on a 10 s system-wide frame-pointer recording made
# here while demo/workload.c and a compiler run (best of 3 each, in the same run), with
# fg-collapse-perf -v's time split and its peak RSS. Floor: at most 1/10 of the perf script path.
# A report, not a test: it always exits 0.
set -uo pipefail
trap 'exit 0' EXIT
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${FG_BENCH_BIN:-$ROOT/bin}
OUT=$ROOT/bench/out/perfdata
SECONDS_RECORDED=${FG_BENCH_PERFDATA_SECONDS:-10}
RUNS=3
mkdir -p "$OUT"
cd "$OUT" || exit 0

say() { printf '%s\n' "$*" >&2; }

if ! command -v perf >/dev/null 2>&1 || ! perf record -a -g -o probe.data -- true >/dev/null 2>&1; then
  echo "perf.data read in process: not measured (perf cannot record system-wide here)"; exit 0
fi
[[ -x $BIN/fg-collapse-perf ]] || { echo "perf.data read in process: not measured (bin/fg-collapse-perf not built)"; exit 0; }
gcc -O1 -g -fno-omit-frame-pointer -pthread -o workload "$ROOT/demo/workload.c" \
  || { echo "perf.data read in process: not measured (cannot compile demo/workload.c)"; exit 0; }

# Something for every core to do, in several dsos: the workload, and the compiler on it.
say "bench: recording ${SECONDS_RECORDED} s system-wide (-a -g)"
./workload "$SECONDS_RECORDED" >/dev/null 2>&1 &
workload=$!
( end=$((SECONDS + SECONDS_RECORDED)); while ((SECONDS < end)); do gcc -O2 -c "$ROOT/demo/workload.c" -o /dev/null 2>/dev/null; done ) &
compiler=$!
perf record -a -g -o system.data -- sleep "$SECONDS_RECORDED" >/dev/null 2>&1
wait "$workload" "$compiler" 2>/dev/null

# best COMMAND...: BEST, the best wall seconds of RUNS runs (output discarded); PEAK_MB, the largest peak RSS.
best() {
  local b= t i start rss
  PEAK_MB=0
  for ((i = 0; i < RUNS; i++)); do
    start=$EPOCHREALTIME
    /usr/bin/time -f "%M" -o rss.txt "$@" >/dev/null 2>/dev/null || return 1
    t=$(awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { printf "%.3f", e - s }')
    if [[ -z $b ]] || awk -v a="$t" -v b="$b" 'BEGIN { exit !(a < b) }'; then b=$t; fi
    rss=$(tail -n 1 rss.txt)
    PEAK_MB=$(awk -v r="$rss" -v m="$PEAK_MB" 'BEGIN { r /= 1024; printf "%.1f", (r > m ? r : m) }')
  done
  BEST=$b
}

say "bench: perf script | fg-collapse-perf, and fg-collapse-perf perf.data"
best sh -c "perf script -F +pid -i system.data 2>/dev/null | '$BIN/fg-collapse-perf' -q" \
  || { echo "perf.data read in process: the perf script path failed"; exit 0; }
text=$BEST text_mb=$PEAK_MB
best "$BIN/fg-collapse-perf" -q system.data || { echo "perf.data read in process: fg-collapse-perf system.data failed"; exit 0; }
direct=$BEST direct_mb=$PEAK_MB
split=$("$BIN/fg-collapse-perf" -q -v system.data 2>&1 >/dev/null | sed 's/^fg-collapse-perf: //')
perf script -F +pid -i system.data 2>/dev/null | "$BIN/fg-collapse-perf" -q > via-text.folded
"$BIN/fg-collapse-perf" -q system.data > direct.folded
if cmp -s via-text.folded direct.folded; then same="same bytes as the perf script path ($(wc -l < direct.folded) stacks)"; else same="OUTPUT DIFFERS from the perf script path (see bench/out/perfdata/*.folded)"; fi
size=$(stat -c %s system.data)

awk -v t="$text" -v d="$direct" -v tm="$text_mb" -v dm="$direct_mb" -v size="$size" -v secs="$SECONDS_RECORDED" 'BEGIN {
  ratio = d / t
  printf "perf.data read in process (%s s system-wide, -a -g, %.1f MB perf.data, best of 3)\n\n", secs, size / 1e6
  printf "  %-44s %7.2f s   peak RSS %6.1f MB\n", "perf script -F +pid | fg-collapse-perf", t, tm
  printf "  %-44s %7.2f s   peak RSS %6.1f MB\n", "fg-collapse-perf perf.data", d, dm
  printf "  %-44s %7.3f     floor: <= 0.100   %s\n", "ratio", ratio, (ratio <= 0.1 ? "ok" : "ABOVE FLOOR")
}'
echo "  time split (fg-collapse-perf -v): $split"
echo "  output: $same"
echo
