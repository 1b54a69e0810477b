# Sourced by cputime.sh and interleaved.sh: starts Debian's ovsdb-server on a fresh vswitch database in $work
# (which the caller made), with 2 bridges of 5 ports each, and sets $pid and $db (the --db= option for clients).
# The caller's EXIT trap stops the server by $pid.
/usr/bin/ovsdb-tool create "$work/conf.db" "$top/schemas/vswitch.ovsschema"
/usr/sbin/ovsdb-server "$work/conf.db" --remote=punix:"$work/db.sock" --pidfile="$work/ovsdb-server.pid" \
    --unixctl="$work/ovsdb-server.ctl" --log-file="$work/ovsdb-server.log" --detach --no-chdir -vconsole:off 2>/dev/null
pid=$(cat "$work/ovsdb-server.pid")
db="--db=unix:$work/db.sock"
/usr/bin/ovs-vsctl "$db" --no-wait init
for b in br0 br1; do
    /usr/bin/ovs-vsctl "$db" --no-wait add-br $b
    for i in 1 2 3 4 5; do /usr/bin/ovs-vsctl "$db" --no-wait add-port $b $b-p$i; done
done
