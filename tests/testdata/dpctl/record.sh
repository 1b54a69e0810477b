#!/bin/bash
# Records the dpctl goldens in this directory from Debian's ovs-vswitchd 3.1.0 (dummy datapath, no bridges):
# each *.scenario file lists "ovs-appctl" argument lines (blank lines and lines starting with "#" are skipped;
# @DATA@ stands for this directory), and the matching *.golden file gets, per command, its line, exit status,
# standard output and standard error. Usage: bash tests/testdata/dpctl/record.sh   (from the repository root)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
cleanup() {
    for d in ovs-vswitchd ovsdb-server; do
        if [ -f "$dir/$d.pid" ]; then kill "$(cat "$dir/$d.pid")" 2>/dev/null || true; fi
    done
    sleep 0.5
    rm -rf "$dir"
}
trap cleanup EXIT
export OVS_RUNDIR=$dir OVS_LOGDIR=$dir OVS_DBDIR=$dir OVS_SYSCONFDIR=$dir
ovsdb-tool create "$dir/conf.db" /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server --detach --no-chdir --pidfile --log-file --remote="punix:$dir/db.sock" "$dir/conf.db"
ovs-vsctl --no-wait --db="unix:$dir/db.sock" init
ovs-vswitchd --enable-dummy --disable-system --disable-system-route --detach --no-chdir --pidfile --log-file \
    -vvconn -vofproto_dpif -vunixctl "unix:$dir/db.sock"

# Prints a captured stream with this directory's path as @DATA@; a last line without its newline gets one, followed
# by a "--- no newline" line, so that the golden stays line-based.
show() {
    sed "s|$here|@DATA@|g" "$1"
    if [ -s "$1" ] && [ -n "$(tail -c 1 "$1")" ]; then
        printf '\n--- no newline\n'
    fi
}

for scenario in "$here"/*.scenario; do
    golden=${scenario%.scenario}.golden
    : > "$golden"
    while IFS= read -r line; do
        case $line in ''|'#'*) continue ;; esac
        eval "set -- ${line//@DATA@/$here}"
        rc=0
        ovs-appctl "$@" > "$dir/out" 2> "$dir/err" || rc=$?
        {
            printf '$ %s\n' "$line"
            printf 'rc: %s\n' "$rc"
            printf -- '--- stdout\n'
            show "$dir/out"
            printf -- '--- stderr\n'
            show "$dir/err"
            printf -- '--- end\n'
        } >> "$golden"
    done < "$scenario"
done
