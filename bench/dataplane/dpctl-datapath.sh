#!/usr/bin/env bash
# dpctl-datapath.sh [BINDIR] - the data-plane measurements of ../shared/perf/dataplane.sh (ping RTT, iperf3 TCP with
# 1 and 4 streams, iperf3 UDP with 64-byte payloads), through our userspace datapath built without a bridge:
#   h1:eth0 <-veth-> sw:p1 [ovs-vswitchd: dpctl/add-dp netdev@dp0, in_port(1)->2, in_port(2)->1] sw:p2 <-veth-> h2:eth0
# Hosts have transmit offloads off, as dataplane.sh's "explicit" configuration does for Debian's netdev bridge, so
# the two can be compared in one run:
#     DP_CONFIGS="explicit linuxbr" TRAFGEN=0 ../shared/perf/dataplane.sh /usr/bin
#     bench/dataplane/dpctl-datapath.sh out/bin
# Env: DUR (seconds per iperf3 test, default 5), OFFLOAD=on to leave the hosts' offloads on.
# On stderr at the end: the datapath's flows and port counters (RX dropped on p1: the receive ring was full) and
# h2's Udp counters (RcvbufErrors: datagrams the receiving iperf3 did not read in time).
set -euo pipefail
BINDIR=$(cd "${1:-out/bin}" && pwd)
DUR=${DUR:-5}
TAG=dpd$$
SW=${TAG}sw H1=${TAG}h1 H2=${TAG}h2 IP2=10.9.0.2
DIR=$(mktemp -d /tmp/ovsdp.XXXXXX)
export OVS_RUNDIR=$DIR OVS_LOGDIR=$DIR OVS_DBDIR=$DIR
SRV=""

cleanup() {
    [[ -n $SRV ]] && kill "$SRV" 2>/dev/null
    for p in "$DIR"/ovs-vswitchd.pid "$DIR"/ovsdb-server.pid; do [[ -f $p ]] && kill "$(cat "$p")" 2>/dev/null; done
    sleep 0.5
    for n in $SW $H1 $H2; do ip netns del "$n" 2>/dev/null || true; done
    rm -rf "$DIR"
}
trap cleanup EXIT

for n in $SW $H1 $H2; do ip netns add "$n"; ip -n "$n" link set lo up; done
i=1
for h in $H1 $H2; do
    ip link add p$i netns "$SW" type veth peer name eth0 netns "$h"
    ip -n "$h" addr add 10.9.0.$i/24 dev eth0; ip -n "$h" link set eth0 up
    [[ ${OFFLOAD:-off} == on ]] || ip netns exec "$h" ethtool -K eth0 tx off >/dev/null
    ip -n "$SW" link set p$i up; i=$((i + 1))
done

"$BINDIR"/ovsdb-tool create "$DIR/conf.db" "$BINDIR/../../schemas/vswitch.ovsschema"
"$BINDIR"/ovsdb-server --detach --no-chdir --pidfile --log-file --remote=punix:"$DIR/db.sock" "$DIR/conf.db"
"$BINDIR"/ovs-vsctl --no-wait init
ip netns exec "$SW" "$BINDIR"/ovs-vswitchd --detach --no-chdir --pidfile --log-file --disable-system-route
appctl() { "$BINDIR"/ovs-appctl -t ovs-vswitchd "$@"; }
appctl dpctl/add-dp netdev@dp0
appctl dpctl/add-if netdev@dp0 p1
appctl dpctl/add-if netdev@dp0 p2
for pair in "1 2" "2 1"; do
    set -- $pair
    appctl dpctl/add-flow netdev@dp0 "in_port($1),eth(),eth_type(0x0806),arp()" "$2"
    appctl dpctl/add-flow netdev@dp0 "in_port($1),eth(),eth_type(0x0800),ipv4()" "$2"
done
VSD=$(cat "$DIR/ovs-vswitchd.pid")
cpu_ms() { awk '{print int(($14 + $15) * 1000 / 100)}' "/proc/$1/stat"; }
result() { printf '%-28s %s %s\n' "$1" "$2" "$3"; }
iperf() { ip netns exec "$H1" timeout $((DUR + 20)) iperf3 -c "$IP2" -t "$DUR" -J "$@"; }

ip netns exec "$H1" ping -c 3 -i 0.2 -W 1 -q "$IP2" >/dev/null
cpu0=$(cpu_ms "$VSD")
out=$(ip netns exec "$H1" ping -c 20 -i 0.2 -W 1 -q "$IP2" | tail -1)
result dpctl.ping_avg "$(echo "$out" | awk -F/ '{print $5}')" ms
ip netns exec "$H2" timeout $((4 * DUR + 60)) iperf3 -s -B "$IP2" >/dev/null 2>&1 &
SRV=$!; sleep 0.5
out=$(iperf -P 1)
result dpctl.tcp1 "$(jq '.end.sum_received.bits_per_second/1e9*1000|round/1000' <<<"$out")" Gbit/s
out=$(iperf -P 4)
result dpctl.tcp4 "$(jq '.end.sum_received.bits_per_second/1e9*1000|round/1000' <<<"$out")" Gbit/s
out=$(iperf -u -b 0 -l 64)
out=$(jq '.end|(.sum_received // .sum)' <<<"$out")
result dpctl.udp64_rx "$(jq '(.packets-.lost_packets)/.seconds/1000|round' <<<"$out")" kpps
result dpctl.udp64_loss "$(jq '.lost_percent*10|round/10' <<<"$out")" %
result dpctl.vswitchd_cpu "$(( $(cpu_ms "$VSD") - cpu0 ))" ms
appctl dpctl/dump-flows netdev@dp0 >&2
appctl dpctl/show -s netdev@dp0 >&2
ip netns exec "$H2" grep "^Udp:" /proc/net/snmp >&2
