#!/usr/bin/env python3
# Records the golden outputs for the monitor tests (tests/Ovs.Ovsdb.Server.Tests/Monitor*.cs) by playing each
# *.script.json in this directory against Debian's ovsdb-server 3.1.0 over a unix socket, in a fresh database
# created from monitor.ovsschema. Usage: python3 record.py [--check] [script ...]   (default: every script here)
# With --check the goldens are not written but compared with what the server says; OVSDB_SERVER gives another
# server command to play against, e.g. "out/bin/ovsdb-server" or ".../ovs-programs ovsdb-server".
#
# A script is a JSON array of JSON-RPC messages sent in order on one session; after each message the server's
# output is collected until it is quiet. The golden file lists each message sent (">> ") and received ("<< ")
# in normalised form: row UUIDs are numbered in the order the transact replies first report them ("<0>", ...),
# values of "_version" become "<version>", any other UUID becomes "<uuid>", the elements of ["set", [...]] are
# sorted (sets of UUIDs follow the random UUID values), and object members are sorted.
import glob, json, os, re, socket, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
ZERO = "00000000-0000-0000-0000-000000000000"


def collect_row_uuids(msg, names):
    result = msg.get("result")
    if isinstance(result, list):
        for op in result:
            if isinstance(op, dict) and "uuid" in op:
                u = op["uuid"][1]
                names.setdefault(u, "<%d>" % len(names))


def normalise(v, names, key=None):
    if isinstance(v, dict):
        return {names.get(k, k): normalise(x, names, k) for k, x in v.items()}
    if isinstance(v, list):
        if key == "_version" and len(v) == 2 and v[0] == "uuid":
            return ["uuid", "<version>"]
        if len(v) == 2 and v[0] == "set" and isinstance(v[1], list):
            # Sets of UUIDs are ordered by the (random) UUID values: compare them as sets.
            elements = [normalise(x, names) for x in v[1]]
            return ["set", sorted(elements, key=lambda e: json.dumps(e, sort_keys=True, separators=(",", ":")))]
        return [normalise(x, names) for x in v]
    if isinstance(v, str) and UUID.match(v) and v != ZERO:
        return names.get(v, "<uuid>")
    return v


def batch_lines(received, names):
    """Formats one batch of received messages. Several notifications in a row (one per monitor, from one commit)
    come in an order that depends on upstream's hash tables, so each such run is sorted; replies stay put."""
    out, run = [], []
    for r in received:
        text = "<< " + json.dumps(normalise(r, names), sort_keys=True, separators=(",", ":"))
        if r.get("id") is None and "method" in r:
            run.append(text)
        else:
            out.extend(sorted(run))
            run = []
            out.append(text)
    out.extend(sorted(run))
    return out


def recv_quiet(sock, buf, quiet=0.25):
    """Returns (messages, rest of buffer, whether the server closed the connection)."""
    dec = json.JSONDecoder()
    out = []
    closed = False
    sock.settimeout(quiet)
    try:
        while True:
            try:
                d = sock.recv(65536)
            except ConnectionResetError:
                d = b""
            if not d:
                closed = True
                break
            buf += d
    except socket.timeout:
        pass
    text = buf.decode()
    while True:
        text = text.lstrip()
        if not text:
            break
        try:
            value, end = dec.raw_decode(text)
        except ValueError:
            break
        out.append(value)
        text = text[end:]
    return out, text.encode(), closed


def record(script_path):
    steps = json.load(open(script_path))
    with tempfile.TemporaryDirectory(prefix="ovsmon") as d:
        env = dict(os.environ, OVS_RUNDIR=d, OVS_LOGDIR=d, OVS_DBDIR=d)
        db = os.path.join(d, "db")
        sock_path = os.path.join(d, "db.sock")
        subprocess.check_call(["ovsdb-tool", "create", db, os.path.join(HERE, "monitor.ovsschema")], env=env)
        subprocess.check_call(os.environ.get("OVSDB_SERVER", "ovsdb-server").split() + ["--detach", "--no-chdir", "--pidfile", "--log-file",
                               "-vconsole:off", "--remote=punix:" + sock_path, db], env=env)
        pid = int(open(os.path.join(d, "ovsdb-server.pid")).read())
        try:
            sock = None
            buf = b""
            names = {}
            lines = []
            for msg in steps:
                if sock is None:
                    sock = socket.socket(socket.AF_UNIX)
                    sock.connect(sock_path)
                sock.sendall(json.dumps(msg).encode())
                if os.environ.get("KEEP_LOG"):
                    print(">>", json.dumps(msg), file=sys.stderr)
                lines.append(">> " + json.dumps(normalise(msg, names), sort_keys=True, separators=(",", ":")))
                received, buf, closed = recv_quiet(sock, buf)
                for r in received:
                    collect_row_uuids(r, names)
                lines.extend(batch_lines(received, names))
                if closed:
                    # The server drops a session after some protocol errors; the next message uses a new one.
                    lines.append("<< (closed)")
                    sock.close()
                    sock = None
                    buf = b""
            if sock is not None:
                sock.close()
        finally:
            if os.environ.get("KEEP_LOG"): subprocess.call(["cat", os.path.join(d, "ovsdb-server.log")])
            os.kill(pid, 15)
            time.sleep(0.2)
    golden = script_path.replace(".script.json", ".golden")
    text = "\n".join(lines) + "\n"
    if CHECK:
        expected = open(golden).read()
        if expected == text:
            print("OK", golden)
        else:
            print("DIFF", golden)
            for e, a in zip(expected.splitlines(), text.splitlines()):
                if e != a:
                    print("  expected:", e)
                    print("  actual:  ", a)
            return False
        return True
    with open(golden, "w") as f:
        f.write(text)
    print(golden)
    return True


CHECK = False

if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--check"]:
        CHECK = True
        args = args[1:]
    ok = True
    for path in args or sorted(glob.glob(os.path.join(HERE, "*.script.json"))):
        ok = record(path) and ok
    sys.exit(0 if ok else 1)
