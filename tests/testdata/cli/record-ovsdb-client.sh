#!/bin/bash
# Records the golden outputs under tests/testdata/cli/ from Debian's ovsdb-server and ovsdb-client (OVS 3.1.0).
# Usage: bash tests/testdata/cli/record-ovsdb-client.sh   (from the repository root)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
trap 'kill $(cat "$dir/ovsdb-server.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$dir"' EXIT
export OVS_RUNDIR=$dir OVS_LOGDIR=$dir OVS_DBDIR=$dir
ovsdb-tool create "$dir/test.db" "$here/test.ovsschema"
ovsdb-server --detach --no-chdir --pidfile --remote="punix:$dir/db.sock" --log-file "$dir/test.db"
db=unix:$dir/db.sock
ovsdb-client transact "$db" "$(cat "$here/test-rows.json")" > /dev/null
out=$here/dump
for f in table list csv html json; do
    for d in string bare json; do
        ovsdb-client -f $f -d $d dump "$db" Test > "$out/$f-$d.txt"
    done
    ovsdb-client -f $f --no-headings dump "$db" Test > "$out/$f-no-headings.txt"
done
ovsdb-client --pretty -f json dump "$db" Test > "$out/json-pretty.txt"
ovsdb-client --bare dump "$db" Test > "$out/bare.txt"
ovsdb-client --max-column-width=5 dump "$db" Test > "$out/table-max-width-5.txt"
