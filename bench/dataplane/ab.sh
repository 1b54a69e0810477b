#!/usr/bin/env bash
# ab.sh OLD_TREE NEW_TREE [ROUNDS] - alternates dpctl-datapath.sh between two built trees (each with out/bin and
# its own copy of this script), ROUNDS times (default 2), new first, one line per run with the load average, so
# that two builds are compared under the same (shared, noisy) machine load.
#   git archive <commit> | tar -x -C /tmp/old && make -C /tmp/old
#   bench/dataplane/ab.sh /tmp/old . 3; OFFLOAD=on bench/dataplane/ab.sh /tmp/old . 3
# Env: as dpctl-datapath.sh (DUR, OFFLOAD).
set -euo pipefail
OLD=$(cd "$1" && pwd) NEW=$(cd "$2" && pwd) ROUNDS=${3:-2}
export DUR=${DUR:-5} OFFLOAD=${OFFLOAD:-off}
for _ in $(seq 1 "$ROUNDS"); do
    for side in new old; do
        tree=$NEW; [[ $side == old ]] && tree=$OLD
        load=$(cut -d' ' -f1 /proc/loadavg)
        out=$(cd "$tree" && bench/dataplane/dpctl-datapath.sh out/bin 2>/dev/null | awk '{printf "%s=%s ", $1, $2}')
        echo "$(date -u +%H:%M:%S) offload=$OFFLOAD $side load=$load $out"
    done
done
