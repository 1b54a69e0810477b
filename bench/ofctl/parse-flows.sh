#!/usr/bin/env bash
# Benchmark: `ovs-ofctl parse-flows` of a file of N flows (default 100000), ours against Debian's.
# Usage: bench/ofctl/parse-flows.sh [OURS_BIN_DIR] [RUNS] [N]   (run from the worktree root after `make`)
# Prints, per run, wall time and peak RSS from /usr/bin/time -v, and checks that both outputs are equal (cmp).
set -euo pipefail

ours_dir=${1:-out/bin}
runs=${2:-5}
n=${3:-100000}
ref=/usr/bin/ovs-ofctl
ours=$ours_dir/ovs-ofctl
work=$(mktemp -d /tmp/parse-flows.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Varied flows: priority, IPv4 source/destination, TCP or UDP with ports, sometimes a VLAN or a cookie, and one to
# three actions. Deterministic (a function of the line number only), so every run parses the same file.
awk -v n="$n" 'BEGIN {
    for (i = 0; i < n; i++) {
        line = "priority=" (i % 65000 + 1)
        if (i % 7 == 0) line = line ",cookie=0x" sprintf("%x", i)
        if (i % 5 == 0) line = line ",in_port=" (i % 48 + 1)
        if (i % 11 == 0) line = line ",dl_vlan=" (i % 4094 + 1)
        line = line "," ((i % 3 == 0) ? "udp" : "tcp")
        line = line ",nw_src=10." int(i / 65536) % 256 "." int(i / 256) % 256 "." i % 256
        if (i % 2 == 0) line = line ",nw_dst=192.168." (i % 256) ".0/24"
        if (i % 4 != 1) line = line ",tp_dst=" (i % 60000 + 1)
        act = "output:" (i % 48 + 1)
        if (i % 3 == 1) act = "mod_nw_tos:" (i % 64) * 4 "," act
        if (i % 4 == 2) act = "mod_vlan_vid:" (i % 4094 + 1) "," act
        if (i % 9 == 0) act = act ",controller"
        if (i % 13 == 0) act = "drop"
        print line ",actions=" act
    }
}' > "$work/flows.txt"
echo "flows file: $(wc -l < "$work/flows.txt") lines, $(wc -c < "$work/flows.txt") bytes"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

measure() { # name binary run
    /usr/bin/time -v "$2" parse-flows "$work/flows.txt" > "$work/$1.out" 2> "$work/$1.time.$3"
    local wall rss user sys
    wall=$(sed -n 's/^\tElapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/$1.time.$3")
    rss=$(sed -n 's/^\tMaximum resident set size (kbytes): //p' "$work/$1.time.$3")
    user=$(sed -n 's/^\tUser time (seconds): //p' "$work/$1.time.$3")
    sys=$(sed -n 's/^\tSystem time (seconds): //p' "$work/$1.time.$3")
    printf '%-6s run %d: wall %s  user %ss  sys %ss  maxrss %s KiB\n' "$1" "$3" "$wall" "$user" "$sys" "$rss"
}

for r in $(seq 1 "$runs"); do
    measure debian "$ref" "$r"
    measure ours "$ours" "$r"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "output: $(wc -l < "$work/debian.out") lines, $(wc -c < "$work/debian.out") bytes"
if cmp "$work/debian.out" "$work/ours.out"; then
    echo "outputs equal"
else
    diff "$work/debian.out" "$work/ours.out" | head -20
    exit 1
fi
