#!/usr/bin/env bash
# Side-by-side ovs-vsctl benchmark: Debian's Open vSwitch 3.1 (/usr/bin, /usr/sbin) and ours (out/bin) in one run.
#   version_ms       whole-process time of `ovs-vsctl --version` (start-up and exit), median of RUNS
#   show_ms          `ovs-vsctl show` on a small database (2 bridges, 10 ports), median of RUNS
#   init_ms          `ovs-vsctl --no-wait init` on that database (a no-op transaction round trip), median of RUNS
#   ports_1txn_ms    `add-br` plus N `add-port` in one invocation (one transaction), median of REPEAT
#   ports_Ntxn_ms    `add-br`, then N invocations of `add-port` (N transactions), median of REPEAT
#   list_ports_ms    `list-ports` on the bridge with N ports, median of RUNS
# Each side runs its own ovsdb-server (ours with ours: a drop-in replacement), unless SERVER=debian, which plays both
# clients against Debian's ovsdb-server to isolate the client. Without our ovs-vsctl, only Debian's column is
# printed. Prints a markdown table with ours/Debian ratios. Usage:
#   bench/vsctl/compare.sh [OUR_BINDIR]          env: RUNS (30), REPEAT (3), N (1000), SERVER (own|debian)
# ports_Ntxn dominates the run time: each add-port fetches the whole database, so N invocations cost O(N^2); with
# Debian's programs on a busy 2-core machine one repeat of N=1000 took 108 s.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
ours=${1:-$top/out/bin}
RUNS=${RUNS:-30} REPEAT=${REPEAT:-3} N=${N:-1000} SERVER=${SERVER:-own}
work=$(mktemp -d /tmp/vsctlbench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

now_ns() { date +%s%N; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR) print a[int((NR + 1) / 2)] }'; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b - a) / 1e6 }'; }
# time_runs K CMD... : K timed runs of CMD (output discarded, must succeed), the median in ms
time_runs() {
    local k=$1 i t; shift
    for ((i = 0; i < k; i++)); do
        t=$(now_ns); "$@" >/dev/null; ms "$t" "$(now_ns)"; echo
    done | median
}

# run_side NAME VSCTL SERVER TOOL -> "NAME metric value unit" lines
run_side() {
    local name=$1 vsctl=$2 server=$3 tool=$4 dir="$work/$1" pid
    mkdir -p "$dir"
    start() {
        [[ -n ${pid:-} ]] && { kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done; }
        rm -f "$dir/conf.db"
        "$tool" create "$dir/conf.db" "$top/schemas/vswitch.ovsschema"
        "$server" "$dir/conf.db" --remote=punix:"$dir/db.sock" --pidfile="$dir/ovsdb-server.pid" \
            --unixctl="$dir/ovsdb-server.ctl" --log-file="$dir/ovsdb-server.log" --detach --no-chdir -vconsole:off 2>/dev/null
        pid=$(cat "$dir/ovsdb-server.pid"); pids+=("$pid")
    }
    local db="--db=unix:$dir/db.sock" i r t args
    echo "$name version_ms $(time_runs "$RUNS" "$vsctl" --version) ms"
    start
    "$vsctl" "$db" --no-wait init
    for b in br0 br1; do
        "$vsctl" "$db" --no-wait add-br $b
        for i in 1 2 3 4 5; do "$vsctl" "$db" --no-wait add-port $b $b-p$i; done
    done
    echo "$name show_ms $(time_runs "$RUNS" "$vsctl" "$db" show) ms"
    echo "$name init_ms $(time_runs "$RUNS" "$vsctl" "$db" --no-wait init) ms"
    args=(--no-wait add-br brN)
    for ((i = 0; i < N; i++)); do args+=(-- add-port brN p$i); done
    : > "$dir/times"
    for ((r = 0; r < REPEAT; r++)); do
        start
        "$vsctl" "$db" --no-wait init
        t=$(now_ns); "$vsctl" "$db" "${args[@]}"; ms "$t" "$(now_ns)" >> "$dir/times"; echo >> "$dir/times"
    done
    echo "$name ports_1txn_ms $(median < "$dir/times") ms"
    [[ $("$vsctl" "$db" list-ports brN | wc -l) == "$N" ]] || { echo "$name: add-port in one transaction failed" >&2; exit 1; }
    echo "$name list_ports_ms $(time_runs "$RUNS" "$vsctl" "$db" list-ports brN) ms"
    : > "$dir/times"
    for ((r = 0; r < REPEAT; r++)); do
        start
        "$vsctl" "$db" --no-wait init
        t=$(now_ns)
        "$vsctl" "$db" --no-wait add-br brN
        for ((i = 0; i < N; i++)); do "$vsctl" "$db" --no-wait add-port brN p$i; done
        ms "$t" "$(now_ns)" >> "$dir/times"; echo >> "$dir/times"
    done
    echo "$name ports_Ntxn_ms $(median < "$dir/times") ms"
    [[ $("$vsctl" "$db" list-ports brN | wc -l) == "$N" ]] || { echo "$name: add-port in $N transactions failed" >&2; exit 1; }
    kill "$pid"
}

raw="$work/raw.txt"
: > "$raw"
run_side debian /usr/bin/ovs-vsctl /usr/sbin/ovsdb-server /usr/bin/ovsdb-tool >> "$raw"
have_ours=0
if [[ -x $ours/ovs-vsctl ]]; then
    have_ours=1
    if [[ $SERVER == debian ]]; then
        run_side ours "$ours/ovs-vsctl" /usr/sbin/ovsdb-server /usr/bin/ovsdb-tool >> "$raw"
    else
        run_side ours "$ours/ovs-vsctl" "$ours/ovsdb-server" "$ours/ovsdb-tool" >> "$raw"
    fi
else
    echo "(no ovs-vsctl in $ours: Debian's column only)" >&2
fi

echo "ovs-vsctl, N=$N, RUNS=$RUNS, REPEAT=$REPEAT, server: $([[ $SERVER == debian ]] && echo "Debian's for both" || echo "each side its own")"
echo
echo "| metric | unit | Debian 3.1 | ours | ours/Debian |"
echo "|---|---|---:|---:|---:|"
awk -v have_ours="$have_ours" '
    { v[$1, $2] = $3; unit[$2] = $4; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
    END { for (i = 1; i <= n; i++) { k = order[i]; d = v["debian", k]; o = have_ours ? v["ours", k] : "-";
          r = (have_ours && d + 0 != 0) ? sprintf("%.2f", o / d) : "-"; printf "| %s | %s | %s | %s | %s |\n", k, unit[k], d, o, r } }
' "$raw"
