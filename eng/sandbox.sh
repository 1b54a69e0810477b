#!/usr/bin/env bash
# `make sandbox`: a fresh sandbox directory with our ovsdb-server (and ovs-vswitchd once it exists) running on it,
# then an interactive shell with out/bin first on PATH and OVS_RUNDIR/OVS_LOGDIR/OVS_DBDIR/... pointing there.
# Leaving the shell stops the daemons this script started.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
sandbox=${SANDBOX:-$top/sandbox}
rm -rf "$sandbox"
mkdir -p "$sandbox"
export OVS_RUNDIR=$sandbox OVS_LOGDIR=$sandbox OVS_DBDIR=$sandbox OVS_SYSCONFDIR=$sandbox
export OVS_PKGDATADIR=$top/schemas
export PATH=$top/out/bin:$PATH
cd "$sandbox"
ovsdb-tool create conf.db "$top/schemas/vswitch.ovsschema"
ovsdb-server --detach --no-chdir --pidfile -vconsole:off --log-file \
    --remote=punix:"$sandbox/db.sock" --remote=db:Open_vSwitch,Open_vSwitch,manager_options conf.db
pids=$(cat ovsdb-server.pid)
if [ -x "$top/out/bin/ovs-vswitchd" ]; then
    ovs-vsctl --no-wait init
    ovs-vswitchd --detach --no-chdir --pidfile -vconsole:off --log-file --enable-dummy=override \
        --disable-system --disable-system-route
    pids="$pids $(cat ovs-vswitchd.pid)"
fi
cat <<MSG
----------------------------------------------------------------------
You are in the ovs-dotnet sandbox: $sandbox
Our programs from $top/out/bin are first on PATH; daemons: $pids.
Exit the shell to stop them.
----------------------------------------------------------------------
MSG
PS1="[ovs-sandbox] \w\$ " bash --norc -i || true
for pid in $pids; do kill "$pid" 2>/dev/null || true; done
