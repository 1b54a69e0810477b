#!/bin/bash
# Records what Debian's Open vSwitch 3.1 prints for the dpif-netdev/pmd-* commands on a dummy datapath with no
# bridge. Starts a private ovsdb-server + ovs-vswitchd --enable-dummy (own OVS_RUNDIR, killed by PID at the end),
# creates dummy@dp0 with dummy ports p1 and p2 and dummy-pmd port p3, installs one flow, then records
# pmd-stats-show (cycle lines removed: they are machine time), pmd-stats-clear and pmd-rxq-show into expected.txt,
# one block per command: "> COMMAND" then the output.
# Usage: tests/testdata/dpif-netdev/record.sh
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/dpif-netdev-record.XXXXXX)
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
out="$here/expected.txt"
: > "$out"
record() {
    printf '> %s\n' "$*" >> "$out"
    app "$@" 2>&1 | grep -v 'cycles' >> "$out"
}
record dpif-netdev/pmd-stats-show
app dpctl/add-dp dummy@dp0 >/dev/null
app dpctl/add-if dummy@dp0 p1,type=dummy >/dev/null
app dpctl/add-if dummy@dp0 p2,type=dummy >/dev/null
record dpif-netdev/pmd-stats-show
record dpif-netdev/pmd-rxq-show
app dpctl/add-flow dummy@dp0 "in_port(1),eth(src=00:00:00:00:00:0a,dst=00:00:00:00:00:0b),eth_type(0x1234)" 2 >/dev/null
for i in 1 2 3; do
    app netdev-dummy/receive p1 00000000000b00000000000a1234000000000000000000000000000000000000000000000000000000000000 >/dev/null
done
sleep 1
record dpif-netdev/pmd-stats-show dp0
record dpctl/show dummy@dp0
record dpif-netdev/pmd-stats-clear dp0
record dpif-netdev/pmd-stats-show dp0
app dpctl/add-if dummy@dp0 p3,type=dummy-pmd >/dev/null
sleep 1
record dpif-netdev/pmd-rxq-show
record dpif-netdev/pmd-rxq-show -secs 7 dp0
record dpif-netdev/pmd-stats-show -pmd 0
record dpif-netdev/pmd-stats-show nosuchdp
