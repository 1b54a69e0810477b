#!/usr/bin/env bash
# Installs the Debian packages the tests use: the reference Open vSwitch 3.1 (interop peers, golden recording),
# its Python IDL, the upstream test-suite sources, and the tools of the network-namespace tests (ip, ping,
# iperf3). Idempotent; keeps apt from starting any system daemon.
set -eu
pkgs="openvswitch-switch openvswitch-common openvswitch-pki openvswitch-testcontroller openvswitch-vtep
      python3-openvswitch openvswitch-source python3-netaddr python3-pyparsing openssl iproute2 iputils-ping iperf3
      python3-os-ken"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing
