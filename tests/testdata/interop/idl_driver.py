#!/usr/bin/python3
# Our own driver for Open vSwitch's Python IDL (python3-openvswitch): plays a fixed scenario against the
# server at argv[1] with the schema at argv[2] and prints, after each step, what a second IDL replica sees,
# in a canonical order (rows sorted by content, UUIDs left for the caller to normalise).
import sys
import time

import ovs.db.idl
import ovs.poller


def make_idl(remote, schema, cond=None):
    helper = ovs.db.idl.SchemaHelper(location=schema)
    helper.register_all()
    idl = ovs.db.idl.Idl(remote, helper)
    if cond is not None:
        idl.cond_change("simple", cond)
    return idl


def run_until(idls, predicate, limit=10.0):
    deadline = time.time() + limit
    while time.time() < deadline:
        for idl in idls:
            idl.run()
        if predicate():
            return True
        poller = ovs.poller.Poller()
        for idl in idls:
            idl.wait(poller)
        poller.timer_wait(100)
        poller.block()
    return False


def fmt(value):
    if isinstance(value, ovs.db.idl.Row):
        return "<row %s>" % value.uuid
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(sorted(fmt(v) for v in value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join("%s=%s" % (fmt(k), fmt(v)) for k, v in sorted(value.items())) + "}"
    return repr(value)


def dump(title, idl):
    print("== " + title)
    for table in sorted(idl.tables):
        rows = []
        for row in idl.tables[table].rows.values():
            cols = sorted(idl.tables[table].columns)
            rows.append("%s: %s" % (table, " ".join("%s=%s" % (c, fmt(getattr(row, c))) for c in cols)))
        for line in sorted(rows):
            print(line)
    sys.stdout.flush()


def commit(writer, observer, build, title):
    txn = ovs.db.idl.Transaction(writer)
    build(txn)
    status = txn.commit_block()
    print("-- %s: %s" % (title, ovs.db.idl.Transaction.status_to_string(status)))
    seq = writer.change_seqno
    run_until([writer, observer], lambda: observer.change_seqno >= 0 and writer.change_seqno >= seq, 2.0)
    time.sleep(0.2)
    run_until([writer, observer], lambda: True, 0.5)


def main():
    remote, schema = sys.argv[1], sys.argv[2]
    writer = make_idl(remote, schema)
    observer = make_idl(remote, schema)
    if not run_until([writer, observer], lambda: writer.has_ever_connected() and observer.has_ever_connected()):
        print("could not connect")
        return 1
    dump("initial", observer)

    state = {}

    def insert(txn):
        leaf = txn.insert(writer.tables["leaf"])
        leaf.name = "first"
        leaf.n = 7
        row = txn.insert(writer.tables["simple"])
        row.i = 1
        row.r = 1.5
        row.b = True
        row.s = "one"
        row.ia = [3, 1, 2]
        row.sm = {"k1": "v1", "k2": "v2"}
        row.ref = [leaf]
        row.wref = [leaf]
        state["row"] = row

    commit(writer, observer, insert, "insert")
    dump("after insert", observer)

    def update(txn):
        row = next(iter(writer.tables["simple"].rows.values()))
        row.i = 2
        row.s = "two"
        row.ia = [1, 4]
        row.sm = {"k1": "changed", "k3": "v3"}

    commit(writer, observer, update, "update")
    dump("after update", observer)

    def bad_index(txn):
        leaf = txn.insert(writer.tables["leaf"])
        leaf.name = "first"
        row = next(iter(writer.tables["simple"].rows.values()))
        row.ref = row.ref + [leaf]

    commit(writer, observer, bad_index, "duplicate index")
    dump("after duplicate index", observer)

    def drop_ref(txn):
        row = next(iter(writer.tables["simple"].rows.values()))
        row.ref = []

    commit(writer, observer, drop_ref, "drop strong reference (leaf garbage-collected, weak ref cleared)")
    dump("after drop", observer)

    def delete(txn):
        for row in list(writer.tables["simple"].rows.values()):
            row.delete()

    commit(writer, observer, delete, "delete")
    dump("after delete", observer)

    writer.close()
    observer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
