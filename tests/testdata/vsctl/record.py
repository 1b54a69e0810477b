#!/usr/bin/env python3
# Records the golden transcripts of the ovs-vsctl and vtep-ctl scenarios (tests/testdata/vsctl/*.scenario,
# tests/testdata/vtep-ctl/*.scenario) from Debian's Open vSwitch 3.1.0, which the conformance harness
# (tests/Ovs.Conformance.Tests/Vsctl/) replays against our programs.
#
# Usage (from anywhere):
#   python3 tests/testdata/vsctl/record.py [--runs N] [--check] [--program PATH] [--server PATH] [SCENARIO ...]
# SCENARIO is a path to a *.scenario file; default: every scenario of both directories. Each scenario is played
# N times (default 2) on fresh databases and the transcripts must be identical, which is how invocations whose
# output is not deterministic are found (see the markers below). With --check nothing is written: the
# transcripts are compared with the goldens and the first difference is printed. --program and --server play the
# scenarios with other binaries (e.g. ours: out/bin/ovs-vsctl, out/bin/ovsdb-server).
#
# Scenario format: one invocation per line, the arguments that follow the program name, split as a POSIX shell
# does (single quotes, double quotes with \" \\ \$ \` escapes, backslash outside quotes). Blank lines and lines
# whose first non-blank character is '#' are ignored. A line may start with one marker in brackets that says
# how to compare an output whose order is not deterministic in Debian's programs either:
#   [sort]      stdout compared as a sorted list of lines (rows of a table/csv from "list" or "find")
#   [records]   stdout compared as a sorted list of records separated by blank lines ("list"/"find" in the
#               default list format)
#   [tree]      stdout compared as an indentation tree in which each run of consecutive sibling rows of one kind
#               (lines "Bridge ...", "Port ...", "Interface ...", "Manager ...": the first word does not end
#               in ':') is sorted, with their subtrees; "key: value" lines stay in place. For "show" with several
#               bridges, ports, interfaces, controllers or managers, which come in the order of their random UUIDs
#   [uuidsets]  after numbering, the elements of every run of UUIDs ("<1>, <2>", "<1> <2>",
#               '["uuid","<1>"],["uuid","<2>"]') are sorted: sets of UUIDs are printed in the order of the
#               random UUID values
# Units are sorted by their text in which UUIDs already numbered are replaced by their numbers and the others by
# "<?>" (ordinal comparison, stable); UUIDs are then numbered in order of first appearance.
#
# Every scenario runs against a fresh database (schemas/vswitch.ovsschema, resp. schemas/vtep.ovsschema) served by
# one ovsdb-server on unix:$OVS_RUNDIR/db.sock, the programs' default database; OVS_RUNDIR, OVS_LOGDIR, OVS_DBDIR
# and OVS_SYSCONFDIR all name the scenario's temporary directory, which is also the working directory.
#
# Golden format (NAME.golden next to NAME.scenario), for each invocation:
#   $ <the scenario line as written, marker included>
#   > <stdout line>          (">" alone for an empty line)
#   ! <stderr line>          ("!" alone for an empty line)
#   % no newline at end of stdout|stderr      (when the output does not end with a newline)
#   exit <status>            (128+N when killed by signal N)
# followed by a blank line. Normalisation, in this order and the same in the harness: the program's path becomes
# its name, the temporary directory becomes "$DIR", log timestamps (2026-11-26T00:48:45Z) become "<time>", the marker's reordering of stdout, then UUIDs are numbered
# "<0>", "<1>", ... in order of first appearance over the whole scenario (stdout before stderr), then a word of
# 8 hex digits that begins a UUID numbered so far (the abbreviation --format=html prints) becomes that UUID's
# number too, then [uuidsets].
import argparse, os, re, shutil, signal, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
UUID_PREFIX = re.compile(r"(?<![0-9a-f-])[0-9a-f]{8}(?![0-9a-f-])")
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z")
UUID_ITEM = r'(?:<\d+>|\["uuid","<\d+>"\])'
UUID_RUN = re.compile(UUID_ITEM + r"(?:(?:, |,| )" + UUID_ITEM + r")+")
UUID_ITEM_RE = re.compile(UUID_ITEM)
MARKERS = ("sort", "records", "tree", "uuidsets")
KINDS = {
    "vsctl": ("ovs-vsctl", "vswitch.ovsschema"),
    "vtep-ctl": ("vtep-ctl", "vtep.ovsschema"),
}


def split_words(line):
    """POSIX shell word splitting without expansions (the subset the harness implements too)."""
    words, cur, have, i, n = [], [], False, 0, len(line)
    while i < n:
        c = line[i]
        if c in " \t":
            if have:
                words.append("".join(cur))
                cur, have = [], False
            i += 1
        elif c == "'":
            j = line.find("'", i + 1)
            if j < 0:
                raise ValueError("unterminated single quote: " + line)
            cur.append(line[i + 1:j])
            have, i = True, j + 1
        elif c == '"':
            i += 1
            while True:
                if i >= n:
                    raise ValueError("unterminated double quote: " + line)
                c = line[i]
                if c == '"':
                    i += 1
                    break
                if c == "\\" and i + 1 < n and line[i + 1] in '"\\$`':
                    cur.append(line[i + 1])
                    i += 2
                else:
                    cur.append(c)
                    i += 1
            have = True
        elif c == "\\":
            if i + 1 >= n:
                raise ValueError("trailing backslash: " + line)
            cur.append(line[i + 1])
            have, i = True, i + 2
        else:
            cur.append(c)
            have, i = True, i + 1
    if have:
        words.append("".join(cur))
    return words


def parse_scenario(path):
    steps = []
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n").strip()
            if not line or line.startswith("#"):
                continue
            marker, rest = None, line
            m = re.match(r"\[([a-z]+)\]\s*", line)
            if m:
                marker, rest = m.group(1), line[m.end():]
                if marker not in MARKERS:
                    raise ValueError("%s: unknown marker [%s]" % (path, marker))
            steps.append((line, marker, split_words(rest)))
    return steps


class Numbering:
    def __init__(self):
        self.names = {}
        self.prefixes = {}

    def key(self, text):
        return UUID.sub(lambda m: self.names.get(m.group(0), "<?>"), text)

    def apply(self, text):
        def repl(m):
            u = m.group(0)
            if u not in self.names:
                self.names[u] = "<%d>" % len(self.names)
                self.prefixes.setdefault(u[:8], self.names[u])
            return self.names[u]
        text = UUID.sub(repl, text)
        return UUID_PREFIX.sub(lambda m: self.prefixes.get(m.group(0), m.group(0)), text)


def split_lines(text):
    lines = text.split("\n")
    eol = lines[-1] == ""
    if eol:
        lines.pop()
    return lines, eol


def join_lines(lines, eol):
    return "\n".join(lines) + ("\n" if eol and lines else "")


def reorder(text, marker, numbering):
    if not text or marker not in ("sort", "records", "tree"):
        return text
    lines, eol = split_lines(text)
    if marker == "sort":
        lines = sorted(lines, key=numbering.key)
    elif marker == "records":
        groups, cur = [], []
        for line in lines:
            if line == "":
                groups.append(cur)
                cur = []
            else:
                cur.append(line)
        groups.append(cur)
        groups.sort(key=lambda g: numbering.key("\n".join(g)))
        lines = []
        for k, g in enumerate(groups):
            if k:
                lines.append("")
            lines.extend(g)
    else:
        root = ("", -1, [])
        stack = [root]
        for line in lines:
            indent = len(line) - len(line.lstrip(" "))
            while stack[-1][1] >= indent:
                stack.pop()
            node = (line, indent, [])
            stack[-1][2].append(node)
            stack.append(node)

        def row_kind(line):
            word = line.strip().split(" ")[0]
            return None if word.endswith(":") else word

        def flatten(node):
            out = [node[0]]
            kids = [flatten(k) for k in node[2]]
            i = 0
            while i < len(kids):
                kind, j = row_kind(kids[i][0]), i + 1
                while kind is not None and j < len(kids) and row_kind(kids[j][0]) == kind:
                    j += 1
                for k in sorted(kids[i:j], key=lambda ls: numbering.key("\n".join(ls))):
                    out.extend(k)
                i = j
            return out

        lines = flatten(root)[1:]
    return join_lines(lines, eol)


def sort_uuid_runs(text):
    def repl(m):
        run = m.group(0)
        items = UUID_ITEM_RE.findall(run)
        seps = UUID_ITEM_RE.split(run)[1:-1]
        items.sort(key=lambda s: int(re.search(r"\d+", s).group(0)))
        out = items[0]
        for sep, item in zip(seps, items[1:]):
            out += sep + item
        return out
    return UUID_RUN.sub(repl, text)


def emit(prefix, text, what):
    if not text:
        return ""
    lines, eol = split_lines(text)
    out = "".join((prefix + " " + l if l else prefix) + "\n" for l in lines)
    if not eol:
        out += "% no newline at end of " + what + "\n"
    return out


def normalise(line, marker, rc, stdout, stderr, program_path, program, tmpdir, numbering):
    def fix(t):
        return TIME.sub("<time>", t.replace(program_path, program).replace(tmpdir, "$DIR"))
    stdout = reorder(fix(stdout), marker, numbering)
    stdout = numbering.apply(stdout)
    stderr = numbering.apply(fix(stderr))
    if marker == "uuidsets":
        stdout = sort_uuid_runs(stdout)
    return "$ " + line + "\n" + emit(">", stdout, "stdout") + emit("!", stderr, "stderr") + "exit %d\n\n" % rc


def stop(pidfile):
    try:
        with open(pidfile) as f:
            pid = int(f.read().strip())
    except (OSError, ValueError):
        return
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


def play(scenario, program_path, server, tool):
    kind = os.path.basename(os.path.dirname(os.path.abspath(scenario)))
    program, schema = KINDS[kind]
    steps = parse_scenario(scenario)
    tmpdir = tempfile.mkdtemp(prefix="vsg")
    env = dict(os.environ, OVS_RUNDIR=tmpdir, OVS_LOGDIR=tmpdir, OVS_DBDIR=tmpdir, OVS_SYSCONFDIR=tmpdir)
    pidfile = os.path.join(tmpdir, "ovsdb-server.pid")
    try:
        subprocess.run([tool, "create", os.path.join(tmpdir, "db"), os.path.join(ROOT, "schemas", schema)],
                       check=True, env=env, cwd=tmpdir)
        subprocess.run([server, "--detach", "--no-chdir", "--pidfile", "--log-file", "-vconsole:off",
                        "--remote=punix:" + os.path.join(tmpdir, "db.sock"), os.path.join(tmpdir, "db")],
                       check=True, env=env, cwd=tmpdir, stderr=subprocess.DEVNULL)
        numbering = Numbering()
        out = []
        for line, marker, args in steps:
            try:
                p = subprocess.run([program_path] + args, env=env, cwd=tmpdir, stdin=subprocess.DEVNULL,
                                   capture_output=True, timeout=10)
                rc = p.returncode if p.returncode >= 0 else 128 - p.returncode
                so, se = p.stdout.decode("utf-8", "surrogateescape"), p.stderr.decode("utf-8", "surrogateescape")
            except subprocess.TimeoutExpired:
                rc, so, se = -1, "", "(timed out)\n"
                print("%s: %s: timed out" % (scenario, line), file=sys.stderr)
            out.append(normalise(line, marker, rc, so, se, program_path, program, tmpdir, numbering))
        return "".join(out)
    finally:
        stop(pidfile)
        shutil.rmtree(tmpdir, ignore_errors=True)


def blocks(text):
    return [b for b in text.split("\n\n") if b]


def first_difference(a, b):
    ba, bb = blocks(a), blocks(b)
    for i in range(max(len(ba), len(bb))):
        x = ba[i] if i < len(ba) else "(missing)"
        y = bb[i] if i < len(bb) else "(missing)"
        if x != y:
            return "invocation %d:\n--- expected\n%s\n--- actual\n%s\n" % (i + 1, x, y)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--program")
    ap.add_argument("--server", default="/usr/sbin/ovsdb-server")
    ap.add_argument("--tool", default="/usr/bin/ovsdb-tool")
    ap.add_argument("scenarios", nargs="*")
    a = ap.parse_args()
    scenarios = a.scenarios or sorted(
        os.path.join(HERE, "..", k, f) for k in KINDS for f in os.listdir(os.path.join(HERE, "..", k))
        if f.endswith(".scenario"))
    failed = False
    for sc in scenarios:
        kind = os.path.basename(os.path.dirname(os.path.abspath(sc)))
        program_path = a.program or "/usr/bin/" + KINDS[kind][0]
        name = os.path.relpath(sc, os.path.join(HERE, ".."))
        runs = [play(sc, program_path, a.server, a.tool) for _ in range(max(1, a.runs))]
        bad = False
        for r in runs[1:]:
            d = first_difference(runs[0], r)
            if d:
                print("%s: not deterministic, %s" % (name, d), file=sys.stderr)
                bad = failed = True
                break
        golden = sc[:-len(".scenario")] + ".golden"
        if a.check:
            with open(golden, encoding="utf-8", errors="surrogateescape") as f:
                d = first_difference(f.read(), runs[0])
            if d:
                print("%s: differs from golden, %s" % (name, d), file=sys.stderr)
                failed = True
            else:
                print("%s: ok (%d invocations)" % (name, runs[0].count("\n$ ") + 1))
        elif not bad:
            with open(golden, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(runs[0])
            print("%s: recorded (%d invocations)" % (name, runs[0].count("\n$ ") + 1))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
