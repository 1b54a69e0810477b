#!/usr/bin/env bash
# Runs the upstream (OVS 3.1.0) test-suite tests listed in tests/upstream/passing.txt against out/bin.
# Every one of them passed before, so any failure is a regression and fails `make check`.
# passing.txt: one test number per line; '#' starts a comment. Only add numbers; removing one needs a reason.
set -u
cd "$(dirname "$0")/../.."
suite=${OVS_TESTSUITE:-../shared/ovs-testsuite}
if [ ! -x "$suite/run.sh" ]; then
    echo "upstream ratchet: $suite/run.sh not found" >&2
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
fi
mapfile -t nums < <(sed 's/#.*//' tests/upstream/passing.txt | tr -s ' \t' '\n' | grep -E '^[0-9]+$')
if [ "${#nums[@]}" -eq 0 ]; then
    echo "0 passed, 0 failed, 0 skipped"
    exit 0
fi
export OVSTS_CACHE=${OVSTS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ovs-testsuite}
"$suite/run.sh" "$PWD/out/bin" "${nums[@]}" -j "${OVS_UPSTREAM_JOBS:-4}" --tsv-out tests/upstream/last-results.tsv
