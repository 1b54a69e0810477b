#!/usr/bin/env bash
# Wall-clock time of short ovs-vsctl runs with Debian's and ours interleaved (D O D O ...), both against one Debian
# ovsdb-server, so that a machine whose load changes from second to second affects both columns alike (compare.sh
# times each side in its own block). Median of RUNS for each, plus context switches per run (perf stat).
#   show_ms, init_ms, version_ms as in compare.sh
# Usage: bench/vsctl/interleaved.sh [OUR_BINDIR]          env: RUNS (100)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
ours=${1:-$top/out/bin}
RUNS=${RUNS:-100}
work=$(mktemp -d /tmp/vsctlint.XXXXXX)
pid=
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# shellcheck source=bench/vsctl/debian-server.sh
. "$top/bench/vsctl/debian-server.sh"

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }'; }
# one CMD...: wall ms of one run
one() { local t; t=$(date +%s%N); "$@" >/dev/null; awk -v a="$t" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f\n", (b - a) / 1e6 }'; }
# cs CMD...: mean context switches per run (20 runs)
cs() { perf stat -x, -e context-switches -r 20 "$@" 2>&1 >/dev/null | awk -F, '$3 ~ /^context-switches/ { printf "%.0f", $1; exit }'; }

echo "ovs-vsctl wall clock, interleaved, median of $RUNS; both against Debian's ovsdb-server; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| metric | unit | Debian 3.1 | ours | ours/Debian | context switches (Debian, ours) |"
echo "|---|---|---:|---:|---:|---|"
for m in version show init; do
    case $m in
        version) args=(--version) ;;
        show) args=("$db" show) ;;
        init) args=("$db" --no-wait init) ;;
    esac
    : > "$work/d"; : > "$work/o"
    for ((i = 0; i < RUNS; i++)); do
        one /usr/bin/ovs-vsctl "${args[@]}" >> "$work/d"
        one "$ours/ovs-vsctl" "${args[@]}" >> "$work/o"
    done
    d=$(median < "$work/d") o=$(median < "$work/o")
    awk -v m="$m" -v d="$d" -v o="$o" -v c="$(cs /usr/bin/ovs-vsctl "${args[@]}"), $(cs "$ours/ovs-vsctl" "${args[@]}")" \
        'BEGIN { printf "| %s_ms | ms | %.2f | %.2f | %.2f | %s |\n", m, d, o, o / d, c }'
done
