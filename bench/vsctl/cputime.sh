#!/usr/bin/env bash
# CPU time (perf stat task-clock, user + system of the whole process) of short ovs-vsctl runs, Debian's 3.1 and
# ours side by side. Unlike wall-clock time, task-clock hardly depends on how many other jobs share the CPUs, so
# it still compares start-up costs on a busy machine (cache sharing still inflates both columns somewhat).
#   version_cpu_ms   `ovs-vsctl --version`
#   show_cpu_ms      `ovs-vsctl show` on 2 bridges with 5 ports each
#   init_cpu_ms      `ovs-vsctl --no-wait init` on that database
# Both clients talk to one Debian ovsdb-server, so only the clients differ. Needs perf. Usage:
#   bench/vsctl/cputime.sh [OUR_BINDIR]          env: RUNS (100)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
ours=${1:-$top/out/bin}
RUNS=${RUNS:-100}
work=$(mktemp -d /tmp/vsctlcpu.XXXXXX)
pid=
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# shellcheck source=bench/vsctl/debian-server.sh
. "$top/bench/vsctl/debian-server.sh"

# cpu_ms K CMD... : mean task-clock of K runs, in ms
cpu_ms() {
    local k=$1; shift
    perf stat -x, -e task-clock -r "$k" "$@" 2>&1 >/dev/null | awk -F, '$3 == "task-clock" || $3 ~ /^task-clock/ { printf "%.2f", $1; exit }'
}

echo "ovs-vsctl CPU time (task-clock, mean of $RUNS), both against Debian's ovsdb-server; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| metric | unit | Debian 3.1 | ours | ours/Debian |"
echo "|---|---|---:|---:|---:|"
for m in version show init; do
    case $m in
        version) args=(--version) ;;
        show) args=("$db" show) ;;
        init) args=("$db" --no-wait init) ;;
    esac
    d=$(cpu_ms "$RUNS" /usr/bin/ovs-vsctl "${args[@]}")
    o=$(cpu_ms "$RUNS" "$ours/ovs-vsctl" "${args[@]}")
    awk -v m="$m" -v d="$d" -v o="$o" 'BEGIN { printf "| %s_cpu_ms | ms | %s | %s | %.2f |\n", m, d, o, o / d }'
done
