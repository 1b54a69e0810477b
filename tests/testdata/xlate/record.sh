#!/bin/sh
# Records goldens for the action-translation differential tests (tests/Ovs.Ofproto.Tests/Dpif/Xlate) from Debian's
# Open vSwitch 3.1: for every cases/NAME.case, a fresh bridge br0 (datapath_type=dummy, fail-mode=secure, dummy
# ports pN with ofport_request=N, as upstream's OVS_VSWITCHD_START and add_of_ports do) gets the case's flows
# through ovs-ofctl, and goldens/NAME.golden receives `ovs-appctl dpif/show` and the text of
# `ovs-appctl ofproto/trace br0 FLOW` for each of the case's traces (ovs-dummy instead of br0 for a flow in
# datapath syntax). XLATE_GOLDENS=DIR writes the goldens there instead (the live differential test uses this).
#
# Case file lines: "ports: 1 2 3", "ofctl: -O OpenFlow13" (options for ovs-ofctl), "flow: FLOW-MOD",
# "group: GROUP-MOD", "portmod: PORT SETTING" (ovs-ofctl mod-port), "trace: FLOW"; other lines (comments) are
# ignored.
# Usage: tests/testdata/xlate/record.sh [CASE...]   (needs /usr/sbin/ovs-vswitchd and friends)
set -e
here=$(cd "$(dirname "$0")" && pwd)
cases=""
for c in "$@"; do cases="$cases $(cd "$(dirname "$c")" && pwd)/$(basename "$c")"; done
work=$(mktemp -d /tmp/xlate-record.XXXXXX)
export OVS_RUNDIR=$work OVS_LOGDIR=$work OVS_DBDIR=$work OVS_SYSCONFDIR=$work
cleanup() {
    for p in ovs-vswitchd ovsdb-server; do
        [ -f "$work/$p.pid" ] && kill "$(cat "$work/$p.pid")" 2>/dev/null || true
    done
    sleep 0.2
    rm -rf "$work"
}
trap cleanup EXIT
start_daemons() {
    rm -f "$work"/conf.db "$work"/*.pid
    touch "$work/.conf.db.~lock~"
    ovsdb-tool create "$work/conf.db" /usr/share/openvswitch/vswitch.ovsschema
    /usr/sbin/ovsdb-server "$work/conf.db" --detach --no-chdir --pidfile --log-file --remote=punix:"$work/db.sock"
    ovs-vsctl --no-wait init
    /usr/sbin/ovs-vswitchd --enable-dummy --disable-system --disable-system-route --detach --no-chdir --pidfile --log-file
}
stop_daemons() {
    ovs-appctl -t ovs-vswitchd exit 2>/dev/null || true
    ovs-appctl -t ovsdb-server exit 2>/dev/null || true
}
cd "$work"
goldens=${XLATE_GOLDENS:-$here/goldens}
mkdir -p "$goldens"
[ -n "$cases" ] || cases=$(ls "$here"/cases/*.case)
for case in $cases; do
    name=$(basename "$case" .case)
    # A fresh daemon per case: recirculation ids (seen in controller actions) start again from 1.
    start_daemons
    ovs-vsctl -- add-br br0 -- set bridge br0 datapath-type=dummy fail-mode=secure \
        other-config:datapath-id=fedcba9876543210 other-config:hwaddr=aa:55:aa:55:00:00 \
        'protocols=[OpenFlow10,OpenFlow11,OpenFlow12,OpenFlow13,OpenFlow14,OpenFlow15]'
    opts=$(sed -n 's/^ofctl: //p' "$case")
    for p in $(sed -n 's/^ports: //p' "$case"); do
        ovs-vsctl add-port br0 "p$p" -- set interface "p$p" type=dummy ofport_request="$p"
    done
    sed -n 's/^portmod: //p' "$case" | while read -r port setting; do
        ovs-ofctl mod-port br0 "$port" "$setting"
    done
    sed -n 's/^group: //p' "$case" > groups.txt
    [ -s groups.txt ] && ovs-ofctl $opts add-groups br0 groups.txt
    sed -n 's/^flow: //p' "$case" > flows.txt
    [ -s flows.txt ] && ovs-ofctl $opts add-flows br0 flows.txt
    out="$goldens/$name.golden"
    { echo "### dpif"; ovs-appctl dpif/show | sed -n '/^  br0:/,$p'; } > "$out"
    sed -n 's/^trace: //p' "$case" | while IFS= read -r flow; do
        echo "### trace $flow" >> "$out"
        # A datapath flow ("in_port(1),eth(...)") names the datapath, as upstream's tests do.
        case "$flow" in
            [a-z_]*\(*) target=ovs-dummy ;;
            *) target=br0 ;;
        esac
        ovs-appctl ofproto/trace "$target" "$flow" >> "$out" 2>&1 || true
    done
    stop_daemons
done
