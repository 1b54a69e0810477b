#!/bin/bash
# Records how Debian's Open vSwitch 3.1 datapath tools parse and print ODP flows and actions.
# Starts a private ovsdb-server + ovs-vswitchd --enable-dummy (own OVS_RUNDIR, killed by PID at the end),
# creates the dummy datapath dummy@dp0, then for every line KEY<TAB>ACTIONS of cases.txt:
#   dpctl/add-flow "ufid:<fixed>,KEY" ACTIONS; dpctl/dump-flows; dpctl/dump-flows -m; dpctl/del-flows
# and writes expected.txt with one block per case:
#   > KEY<TAB>ACTIONS
#   = <plain dump line>      (or "! <error text>" when add-flow fails)
#   + <verbose dump line>
# Usage: tests/testdata/odp/record.sh   (regenerates cases.txt from gen_cases.py first)
set -u
here=$(cd "$(dirname "$0")" && pwd)
python3 "$here/gen_cases.py" > "$here/cases.txt"
dir=$(mktemp -d /tmp/odp-record.XXXXXX)
export OVS_RUNDIR=$dir OVS_LOGDIR=$dir OVS_DBDIR=$dir OVS_SYSCONFDIR=$dir
ovsdb-tool create "$dir/conf.db" /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server --detach --no-chdir --pidfile="$dir/ovsdb-server.pid" --log-file="$dir/ovsdb-server.log" \
    --remote="punix:$dir/db.sock" "$dir/conf.db"
ovs-vswitchd --enable-dummy --disable-system --detach --no-chdir --pidfile="$dir/ovs-vswitchd.pid" \
    --log-file="$dir/ovs-vswitchd.log" "unix:$dir/db.sock"
cleanup() {
    for p in ovs-vswitchd ovsdb-server; do
        [ -f "$dir/$p.pid" ] && kill "$(cat "$dir/$p.pid")" 2>/dev/null
    done
    sleep 0.5
    rm -rf "$dir"
}
trap cleanup EXIT
ctl="$dir/ovs-vswitchd.$(cat "$dir/ovs-vswitchd.pid").ctl"
app() { ovs-appctl --timeout=10 -t "$ctl" "$@"; }
app dpctl/add-dp dummy@dp0 >/dev/null
ufid=ufid:0d0e0a0d-beef-4000-8000-000000000001
out="$here/expected.txt"
: > "$out"
while IFS=$'\t' read -r key actions; do
    key=${key#!}
    printf '> %s\t%s\n' "$key" "$actions" >> "$out"
    if err=$(app dpctl/add-flow dummy@dp0 "$ufid,$key" "$actions" 2>&1 >/dev/null); then
        app dpctl/dump-flows dummy@dp0 | grep -v '^flow-dump from' | sed 's/^/= /' >> "$out"
        app dpctl/dump-flows -m dummy@dp0 | grep -v '^flow-dump from' | sed 's/^/+ /' >> "$out"
        app dpctl/del-flows dummy@dp0 >/dev/null
    else
        printf '%s\n' "$err" | grep -v '^ovs-appctl:' | sed 's/^/! /' >> "$out"
    fi
done < "$here/cases.txt"
