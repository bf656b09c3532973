#!/usr/bin/env bash
# Rebuilds the test programs and records them with perf, writing the `perf script` text of each
# run to tests/data/captures/<name>.perf.txt. Needs gcc and perf, and permission to profile
# (root, or kernel.perf_event_paranoid <= 1 for the kernel frames). The captures in the
# repository were made with this script; a new run gives different addresses, pids and counts.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
captures=$here/../captures
build=$(mktemp -d /tmp/fg-programs.XXXXXX)
trap 'rm -rf "$build"' EXIT

cflags=(-O1 -fno-omit-frame-pointer -g)
gcc "${cflags[@]}" -o "$build/twohot" "$here/twohot.c"
gcc "${cflags[@]}" -pthread -o "$build/threads" "$here/threads.c"
gcc "${cflags[@]}" -o "$build/kernelheavy" "$here/kernelheavy.c"

# name and arguments: each run is sized so its capture stays well under 300 KB.
record() {
    local name=$1; shift
    (cd "$build" && perf record -F 999 -g -o "$name.data" "./$name" "$@" >/dev/null 2>&1)
    # -F +pid adds the pid to the tid, so --pid and --tid have real numbers to show.
    perf script -F +pid -i "$build/$name.data" > "$captures/$name.perf.txt" 2>/dev/null
    echo "$name: $(grep -c 'cpu-clock' "$captures/$name.perf.txt") samples, $(wc -c < "$captures/$name.perf.txt") bytes"
}

record twohot 150000000
record threads 250000000
record kernelheavy 1200000
