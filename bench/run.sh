#!/usr/bin/env bash
# make bench: throughput, peak memory and startup time of every tool in ./bin, against the
# floors the toolkit promises. A report, not a test: it always exits 0.
#
# Throughput: input size / best of 3 wall times, output to /dev/null, input in the page cache.
# CPU:        user + system seconds of the best run (GNU time's %U + %S).
# Peak RSS:   GNU time's %M (maximum resident set size), the largest of the runs.
# Startup:    hyperfine -N --warmup 20 on empty input, mean.
# Inputs are made by bench/Generator (fixed seeds, same bytes every time) into bench/out/,
# when missing or older than the generator. See bench/README.md.
set -uo pipefail
trap 'exit 0' EXIT   # a report, not a test: never fails make
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${FG_BENCH_BIN:-$ROOT/bin}   # another build's tools can be measured with FG_BENCH_BIN=dir
OUT=$ROOT/bench/out
GEN_DIR=$OUT/generator
GEN=$GEN_DIR/fg-bench-gen
RUNS=3
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$OUT"

say() { printf '%s\n' "$*" >&2; }

# --- what the measurements need ---------------------------------------------------------
if [[ ! -x /usr/bin/time ]] || ! command -v hyperfine >/dev/null 2>&1; then
  bash .ci/deps
fi
HAVE_TIME=1; [[ -x /usr/bin/time ]] || { HAVE_TIME=0; say "bench: /usr/bin/time (package 'time') missing: peak RSS not measured"; }
HAVE_HYPERFINE=1; command -v hyperfine >/dev/null 2>&1 || { HAVE_HYPERFINE=0; say "bench: hyperfine missing: startup not measured"; }

# --- inputs -------------------------------------------------------------------------------
if [[ ! -x $GEN ]] || [[ -n $(find bench/Generator -name '*.cs*' -newer "$GEN" -not -path '*/obj/*' -not -path '*/bin/*' -print -quit) ]]; then
  say "bench: building the input generator"
  dotnet publish bench/Generator -c Release -o "$GEN_DIR" -v quiet --nologo -clp:ErrorsOnly >&2 || { say "bench: generator build failed"; exit 0; }
  touch "$GEN"
fi

PERF=$OUT/perf-220mb.txt
FOLDED=$OUT/folded-190mb.folded
BEFORE=$OUT/diff-before.folded
AFTER=$OUT/diff-after.folded
DTRACE=$OUT/dtrace-100mb.txt
EMPTY=$OUT/empty.txt
FEW_MB=1000       # the few-stacks input: 1 GB, streamed through a pipe, never stored
FEW_STACKS=40

make_input() {   # file, generator arguments...: made when missing or older than the generator
  local file=$1; shift
  [[ -s $file && $file -nt $GEN ]] && return 0
  say "bench: generating $(basename "$file")"
  "$GEN" "$@" -o "$file" || say "bench: could not generate $file"
}
make_input "$PERF" perf --mb 220
make_input "$FOLDED" folded --mb 190 --stacks 394000
make_input "$BEFORE" folded --mb 50 --stacks 100000 --side before
make_input "$AFTER" folded --mb 50 --stacks 100000 --side after
make_input "$DTRACE" dtrace --mb 100
: > "$EMPTY"
# Unsorted folded text with 4 distinct stacks, repeated in turn with counts 1..7 (200 MB):
# memory must follow the distinct stacks, not the input.
UNSORTED=$OUT/folded-unsorted-200mb.folded
if [[ ! -s $UNSORTED ]]; then
  say "bench: generating $(basename "$UNSORTED")"
  awk 'BEGIN { split("main;work;eval main;idle main;work;eval;gc_collect main;work;parse;lex", s, " ")
               for (i = 0; n < 200000000; i++) { l = s[i % 4 + 1] " " (1 + i % 7); print l; n += length(l) + 1 } }' > "$UNSORTED"
fi

size_of() { local total=0 f; for f in "$@"; do total=$((total + $(stat -c %s "$f"))); done; echo "$total"; }
mb_of() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1e6 }'; }

# --- measuring ----------------------------------------------------------------------------
# The table: one row per measurement, fields separated by '|'.
ROWS=()
row() { ROWS+=("$1|$2|$3|$4|$5|$6|$7|$8"); }   # tool, input, MB/s, seconds, CPU seconds, RSS MB, floor, verdict

# measure INPUT_BYTES command...: runs the command RUNS times (stdout to /dev/null) and sets
# BEST (seconds), CPU (user + system seconds of that best run), RSS_MB (largest peak RSS),
# STATUS (of the last run), ERROR (its first stderr line).
measure() {
  local bytes=$1; shift
  local i start end elapsed rss_file err_file
  rss_file=$(mktemp) err_file=$(mktemp)
  BEST= CPU=? RSS_MB=0 STATUS=0 ERROR=
  for ((i = 0; i < RUNS; i++)); do
    start=$EPOCHREALTIME
    if ((HAVE_TIME)); then
      /usr/bin/time -f "%M %U %S" -o "$rss_file" "$@" >/dev/null 2>"$err_file"
    else
      "$@" >/dev/null 2>"$err_file"
    fi
    STATUS=$?
    end=$EPOCHREALTIME
    if ((STATUS != 0)); then
      ERROR=$(grep -v '^Command exited with non-zero status' "$err_file" | head -n 1)
      break
    fi
    elapsed=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", e - s }')
    if [[ -z $BEST ]] || awk -v a="$elapsed" -v b="$BEST" 'BEGIN { exit !(a < b) }'; then
      BEST=$elapsed
      ((HAVE_TIME)) && CPU=$(tail -n 1 "$rss_file" | awk '{ printf "%.2f", $2 + $3 }')
    fi
    if ((HAVE_TIME)); then
      RSS_MB=$(tail -n 1 "$rss_file" | awk -v m="$RSS_MB" '{ r = $1 / 1024; printf "%.1f", (r > m ? r : m) }')
    fi
  done
  rm -f "$rss_file" "$err_file"
  MBPS=
  [[ -n $BEST ]] && MBPS=$(awk -v b="$bytes" -v s="$BEST" 'BEGIN { printf "%.0f", b / 1e6 / s }')
}

# verdict MB/s-floor RSS-ceiling: "ok" or "BELOW FLOOR" for the last measure (empty floor = none).
verdict() {
  local min_mbps=$1 max_rss=$2
  if ((STATUS != 0)); then echo "FAILED (exit $STATUS): ${ERROR:0:60}"; return; fi
  local bad=0
  [[ -n $min_mbps ]] && awk -v v="$MBPS" -v f="$min_mbps" 'BEGIN { exit !(v < f) }' && bad=1
  [[ -n $max_rss && $HAVE_TIME == 1 ]] && awk -v v="$RSS_MB" -v f="$max_rss" 'BEGIN { exit !(v >= f) }' && bad=1
  if [[ -z $min_mbps && -z $max_rss ]]; then echo "-"; elif ((bad)); then echo "BELOW FLOOR"; else echo "ok"; fi
}

rss_cell() { ((HAVE_TIME)) && echo "$RSS_MB" || echo "?"; }

bench_tool() {   # tool label input-label min-MB/s max-RSS-MB input-bytes -- command...
  local label=$1 input=$2 min_mbps=$3 max_rss=$4 bytes=$5; shift 6
  say "bench: $label on $input"
  measure "$bytes" "$@"
  local floor=""
  [[ -n $min_mbps ]] && floor=">= $min_mbps MB/s"
  [[ -n $max_rss ]] && floor="${floor:+$floor, }RSS < $max_rss MB"
  if ((STATUS != 0)); then
    row "$label" "$input" "-" "-" "-" "-" "${floor:--}" "$(verdict "$min_mbps" "$max_rss")"
  else
    row "$label" "$input" "$MBPS" "$BEST" "$CPU" "$(rss_cell)" "${floor:--}" "$(verdict "$min_mbps" "$max_rss")"
  fi
}

not_built() { row "$1" "-" "-" "-" "-" "-" "-" "not built"; }

warm() { cat "$@" > /dev/null; }

# --- throughput and memory ------------------------------------------------------------------
PERF_BYTES=$(size_of "$PERF")
PERF_LABEL="perf script $(mb_of "$PERF_BYTES") MB"
warm "$PERF"

if [[ -x $BIN/fg-collapse-perf ]]; then
  bench_tool "fg-collapse-perf" "$PERF_LABEL, 2 cores" 1200 "" "$PERF_BYTES" -- "$BIN/fg-collapse-perf" "$PERF"
  bench_tool "fg-collapse-perf -n 1" "$PERF_LABEL, 1 core" 750 "" "$PERF_BYTES" -- "$BIN/fg-collapse-perf" -n 1 "$PERF"

  # Memory must follow distinct stacks, not input size: 1 GB of few stacks through a pipe.
  say "bench: fg-collapse-perf on ${FEW_MB} MB of $FEW_STACKS-ish distinct stacks (pipe)"
  rss_file=$(mktemp) err_file=$(mktemp)
  start=$EPOCHREALTIME
  if ((HAVE_TIME)); then
    "$GEN" perf --mb "$FEW_MB" --stacks "$FEW_STACKS" 2>/dev/null | /usr/bin/time -f "%M %U %S" -o "$rss_file" "$BIN/fg-collapse-perf" >/dev/null 2>"$err_file"
  else
    "$GEN" perf --mb "$FEW_MB" --stacks "$FEW_STACKS" 2>/dev/null | "$BIN/fg-collapse-perf" >/dev/null 2>"$err_file"
  fi
  STATUS=${PIPESTATUS[1]}
  end=$EPOCHREALTIME
  ERROR=$(grep -v '^Command exited with non-zero status' "$err_file" | head -n 1)
  BEST=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f", e - s }')
  MBPS=$(awk -v b="$((FEW_MB * 1000000))" -v s="$BEST" 'BEGIN { printf "%.0f", b / 1e6 / s }')
  RSS_MB=$(tail -n 1 "$rss_file" 2>/dev/null | awk '{ printf "%.1f", $1 / 1024 }')
  CPU=$(tail -n 1 "$rss_file" 2>/dev/null | awk '{ printf "%.2f", $2 + $3 }')
  ((HAVE_TIME)) || CPU="?"
  rm -f "$rss_file" "$err_file"
  if ((STATUS != 0)); then
    row "fg-collapse-perf" "perf ${FEW_MB} MB few stacks, pipe" "-" "-" "-" "-" "RSS < 64 MB" "$(verdict "" 64)"
  else
    # MB/s here is the generator's speed through the pipe, not the tool's: shown in brackets.
    row "fg-collapse-perf" "perf ${FEW_MB} MB few stacks, pipe" "($MBPS)" "$BEST" "$CPU" "$(rss_cell)" "RSS < 64 MB" "$(verdict "" 64)"
  fi

  # Both thread counts must print the same bytes.
  say "bench: comparing fg-collapse-perf output with and without -n 1"
  if "$BIN/fg-collapse-perf" "$PERF" > "$OUT/collapsed-2.folded" 2>/dev/null \
     && "$BIN/fg-collapse-perf" -n 1 "$PERF" > "$OUT/collapsed-1.folded" 2>/dev/null; then
    if cmp -s "$OUT/collapsed-1.folded" "$OUT/collapsed-2.folded"; then
      SAME_OUTPUT="same output with -n 1 and 2 cores ($(wc -l < "$OUT/collapsed-2.folded") folded stacks)"
    else
      SAME_OUTPUT="OUTPUT DIFFERS between -n 1 and 2 cores (see bench/out/collapsed-{1,2}.folded)"
    fi
  else
    SAME_OUTPUT="could not compare -n 1 with 2 cores (a run failed)"
  fi
else
  not_built "fg-collapse-perf"
fi

# The ceiling: reading the same file and finding its lines, nothing else.
bench_tool "wc -l (ceiling)" "$PERF_LABEL" "" "" "$PERF_BYTES" -- wc -l "$PERF"

if [[ -x $BIN/fg-collapse-dtrace ]]; then
  DTRACE_BYTES=$(size_of "$DTRACE")
  warm "$DTRACE"
  bench_tool "fg-collapse-dtrace" "DTrace $(mb_of "$DTRACE_BYTES") MB" "" "" "$DTRACE_BYTES" -- "$BIN/fg-collapse-dtrace" "$DTRACE"
else
  not_built "fg-collapse-dtrace"
fi

FOLDED_BYTES=$(size_of "$FOLDED")
if [[ -x $BIN/fg-svg ]]; then
  warm "$FOLDED"
  bench_tool "fg-svg" "folded $(mb_of "$FOLDED_BYTES") MB sorted" 460 135 "$FOLDED_BYTES" -- "$BIN/fg-svg" "$FOLDED"
  UNSORTED_BYTES=$(size_of "$UNSORTED")
  warm "$UNSORTED"
  bench_tool "fg-svg" "folded $(mb_of "$UNSORTED_BYTES") MB unsorted, 4 stacks" "" 100 "$UNSORTED_BYTES" -- "$BIN/fg-svg" "$UNSORTED"
else
  not_built "fg-svg"
fi

if [[ -x $BIN/fg-diff ]]; then
  DIFF_BYTES=$(size_of "$BEFORE" "$AFTER")
  warm "$BEFORE" "$AFTER"
  bench_tool "fg-diff" "2 folded, $(mb_of "$DIFF_BYTES") MB" "" "" "$DIFF_BYTES" -- "$BIN/fg-diff" "$BEFORE" "$AFTER"
else
  not_built "fg-diff"
fi

# The Rust tools, when installed, on the same inputs (for reference; no floor).
if command -v inferno-collapse-perf >/dev/null 2>&1; then
  bench_tool "inferno-collapse-perf" "$PERF_LABEL" "" "" "$PERF_BYTES" -- inferno-collapse-perf "$PERF"
fi
if command -v inferno-flamegraph >/dev/null 2>&1; then
  bench_tool "inferno-flamegraph" "folded $(mb_of "$FOLDED_BYTES") MB sorted" "" "" "$FOLDED_BYTES" -- inferno-flamegraph "$FOLDED"
fi

# --- startup ----------------------------------------------------------------------------------
STARTUP=()
startup() {   # label command...
  local label=$1; shift
  local json mean
  json=$(mktemp)
  say "bench: startup of $label"
  if hyperfine -N --warmup 20 -i --style none --export-json "$json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1; then
    mean=$(grep -o '"mean": *[0-9.eE+-]*' "$json" | head -n 1 | sed 's/.*: *//')
    mean=$(awk -v s="$mean" 'BEGIN { printf "%.2f", s * 1000 }')
    local ok="ok"; awk -v m="$mean" 'BEGIN { exit !(m >= 5) }' && ok="BELOW FLOOR"
    STARTUP+=("$label|$mean|< 5 ms|$ok")
  else
    STARTUP+=("$label|-|< 5 ms|FAILED")
  fi
  rm -f "$json"
}

if ((HAVE_HYPERFINE)); then
  for tool in fg-collapse-perf fg-collapse-dtrace fg-svg fg-diff; do
    if [[ ! -x $BIN/$tool ]]; then STARTUP+=("$tool|-|< 5 ms|not built"); continue; fi
    case $tool in
      fg-diff) startup "$tool (empty inputs)" "$BIN/$tool" "$EMPTY" "$EMPTY" ;;
      *)       startup "$tool (empty input)" "$BIN/$tool" "$EMPTY" ;;
    esac
  done
  # Any other tool: its --version, the least work it can be asked to do.
  for path in "$BIN"/*; do
    tool=$(basename "$path")
    [[ -x $path && -f $path ]] || continue
    case $tool in fg-collapse-perf|fg-collapse-dtrace|fg-svg|fg-diff|*.*) continue ;; esac
    startup "$tool (--version)" "$path" --version
  done
fi

# --- report -----------------------------------------------------------------------------------
print_table() {   # right-aligned columns (e.g. "3 4 5"), header, rows...
  local numeric=$1 header=$2; shift 2
  { echo "$header"; printf '%s\n' "$@"; } | awk -F'|' -v numeric=" $numeric " '
    { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NF; rows = NR }
    END {
      for (r = 1; r <= rows; r++) {
        line = ""
        for (i = 1; i <= n; i++) {
          fmt = index(numeric, " " i " ") ? "%" w[i] "s" : "%-" w[i] "s"
          line = line (i > 1 ? "  " : "") sprintf(fmt, cell[r, i])
        }
        sub(/ +$/, "", line); print line
        if (r == 1) { sep = ""; for (i = 1; i <= n; i++) { s = ""; for (k = 0; k < w[i]; k++) s = s "-"; sep = sep (i > 1 ? "  " : "") s } print sep }
      }
    }'
}

read -r LOAD1 _ < /proc/loadavg
{
  echo
  echo "Throughput and peak memory ($(nproc) cores, best of $RUNS runs, output to /dev/null; MB = 10^6 bytes)"
  echo "Load average before the report: $LOAD1$(awk -v l="$LOAD1" -v c="$(nproc)" 'BEGIN { if (l > c / 2) print " -- the machine is busy: these figures understate the tools" }')"
  echo
  print_table "3 4 5 6" "tool|input|MB/s|seconds|cpu s|peak RSS MB|floor|verdict" "${ROWS[@]}"
  [[ -n ${SAME_OUTPUT:-} ]] && { echo; echo "fg-collapse-perf: $SAME_OUTPUT"; }
  echo
  if ((HAVE_HYPERFINE)); then
    echo "Startup (hyperfine -N --warmup 20, mean)"
    echo
    print_table "2" "tool|ms|floor|verdict" "${STARTUP[@]}"
  fi
  echo
} | tee "$OUT/last-report.txt"
# The flamegraph wrapper against perf alone (a real recording, so it runs after the table).
bash "$ROOT/bench/wrapper.sh" | tee -a "$OUT/last-report.txt"
# fg-collapse-perf reading perf.data itself against the perf script path (a real recording too).
bash "$ROOT/bench/perfdata.sh" | tee -a "$OUT/last-report.txt"
exit 0
