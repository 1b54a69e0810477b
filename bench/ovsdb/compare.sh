#!/usr/bin/env bash
# Side-by-side ovsdb-server benchmark: Debian's Open vSwitch 3.1 (/usr/bin, /usr/sbin) and ours (out/bin) in one
# run, with the shared workload generator (../shared/perf/ovsdb_bench.py, Bench schema):
#   seq N        one client, N sequential 1-row insert transactions
#   par C N      C clients, N inserts each
#   fanout M K   M monitoring clients, time until all see each of K inserts
#   bulk R B     R rows in transactions of B rows: rate, db file size, server RSS, after compaction too
# Prints a markdown table (median of REPEAT runs each) with ours/Debian ratios. Usage:
#   bench/ovsdb/compare.sh [OUR_BINDIR] > docs/perf/ovsdb.md
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
ours=${1:-$top/out/bin}
perf=${PERF_DIR:-$top/../shared/perf}
REPEAT=${REPEAT:-3}
SEQ_N=${SEQ_N:-2000} PAR_C=${PAR_C:-8} PAR_N=${PAR_N:-500} FAN_M=${FAN_M:-10} FAN_K=${FAN_K:-50}
BULK_ROWS=${BULK_ROWS:-100000} BULK_BATCH=${BULK_BATCH:-1000}
work=$(mktemp -d /tmp/ovsbench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status"; }

# run_side NAME TOOL SERVER APPCTL -> "NAME metric value" lines
run_side() {
    local name=$1 tool=$2 server=$3 appctl=$4 dir="$work/$1" pid
    mkdir -p "$dir"
    start() {
        rm -f "$dir/bench.db"
        "$tool" create "$dir/bench.db" "$perf/bench.ovsschema"
        "$server" "$dir/bench.db" --remote=punix:"$dir/bench.sock" --pidfile="$dir/bench.pid" \
            --unixctl="$dir/bench.ctl" --log-file="$dir/bench.log" --detach --no-chdir -vconsole:off
        pid=$(cat "$dir/bench.pid"); pids+=("$pid")
    }
    start
    echo "$name server_rss_idle_kib $(rss_kb "$pid")"
    timeout 300 /usr/bin/python3 "$perf/ovsdb_bench.py" "$dir/bench.sock" seq "$SEQ_N" | sed "s/^/$name /"
    timeout 300 /usr/bin/python3 "$perf/ovsdb_bench.py" "$dir/bench.sock" par "$PAR_C" "$PAR_N" | sed "s/^/$name /"
    timeout 300 /usr/bin/python3 "$perf/ovsdb_bench.py" "$dir/bench.sock" fanout "$FAN_M" "$FAN_K" | sed "s/^/$name /"
    kill "$pid"; sleep 0.5
    start
    timeout 600 /usr/bin/python3 "$perf/ovsdb_bench.py" "$dir/bench.sock" bulk "$BULK_ROWS" "$BULK_BATCH" | sed "s/^/$name /"
    echo "$name bulk_db_file_kib $(( $(stat -c %s "$dir/bench.db") / 1024 ))"
    echo "$name bulk_server_rss_kib $(rss_kb "$pid")"
    "$appctl" -t "$dir/bench.ctl" ovsdb-server/compact >/dev/null
    echo "$name bulk_db_file_compacted_kib $(( $(stat -c %s "$dir/bench.db") / 1024 ))"
    echo "$name bulk_server_rss_compacted_kib $(rss_kb "$pid")"
    kill "$pid"
}

raw="$work/raw.txt"
: > "$raw"
for _ in $(seq "$REPEAT"); do
    run_side debian /usr/bin/ovsdb-tool /usr/sbin/ovsdb-server /usr/bin/ovs-appctl >> "$raw" 2>>"$work/err.txt"
    run_side ours "$ours/ovsdb-tool" "$ours/ovsdb-server" "$ours/ovs-appctl" >> "$raw" 2>>"$work/err.txt"
done

echo "| metric | unit | Debian 3.1 | ours | ours/Debian |"
echo "|---|---|---:|---:|---:|"
awk '
    { key = $2; side = $1; v[side, key] = v[side, key] " " $3; unit[key] = (NF >= 4 ? $4 : ""); if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
    function median(s,   a, k, i, j, t) { k = split(s, a, " "); for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t } return a[int((k + 1) / 2)] }
    END { for (i = 1; i <= n; i++) { k = order[i]; d = median(v["debian", k]); o = median(v["ours", k]);
          r = (d + 0 != 0) ? sprintf("%.2f", o / d) : "-"; printf "| %s | %s | %s | %s | %s |\n", k, unit[k], d, o, r } }
' "$raw"
