// A controller that is not ours: a small OpenFlow 1.3 controller written with Python's socket module listens on
// loopback TCP, the bridge is pointed at it with "ovs-vsctl set-controller", and the controller does what any
// controller (Ryu, ONOS, Faucet) does on connect: hello, features request, a flow mod, a barrier, and answers to
// the switch's echo requests. The same run on Debian's ovs-vswitchd and on ours must give the same controller
// transcript, the same flow table (ovs-ofctl dump-flows, durations removed) and the same Controller row state.
// Everything is bounded: the controller exits after 30 s at most, and the daemons are stopped by the harness.
using System.Text.RegularExpressions;
using Ovs.TestKit;
using static Ovs.Vswitchd.Tests.SwitchDaemons;

namespace Ovs.Vswitchd.Tests.Programs;

[Trait("upstream", "tests/bridge.at")]
public sealed partial class ControllerInteropTests
{
    private const string Controller = """
        import socket, struct, sys, time
        deadline = time.time() + 30
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        srv.settimeout(25)
        open(sys.argv[1] + ".tmp", "w").write(str(srv.getsockname()[1]))
        import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
        conn, _ = srv.accept()
        conn.settimeout(1)
        out = open(sys.argv[2], "w")
        buf = b""
        def send(t, xid, body=b""):
            conn.sendall(struct.pack("!BBHI", 4, t, 8 + len(body), xid) + body)
        def recv():
            global buf
            while time.time() < deadline:
                if len(buf) >= 8:
                    n = struct.unpack("!H", buf[2:4])[0]
                    if len(buf) >= n:
                        msg, buf = buf[:n], buf[n:]
                        if msg[1] == 2:
                            send(3, struct.unpack("!I", msg[4:8])[0], msg[8:])
                            continue
                        return msg
                try:
                    data = conn.recv(65536)
                except socket.timeout:
                    continue
                if not data:
                    return None
                buf += data
            return None
        send(0, 1, struct.pack("!HHI", 1, 8, 1 << 4))
        hello = recv()
        out.write("hello version=%d\n" % hello[0])
        send(5, 2)
        while True:
            m = recv()
            if m[1] == 6:
                break
        dpid, nbuf, ntables = struct.unpack("!QIB", m[8:21])
        out.write("features dpid=%016x n_tables=%d\n" % (dpid, ntables))
        match = struct.pack("!HHIi", 1, 12, 0x80000004, 1) + b"\0" * 4
        inst = struct.pack("!HH4x", 4, 24) + struct.pack("!HHIH6x", 0, 16, 2, 0xffff)
        fm = struct.pack("!QQBBHHHIIIH2x", 0x1234, 0, 0, 0, 0, 0, 123, 0xffffffff, 0xffffffff, 0xffffffff, 0)
        send(14, 3, fm + match + inst)
        send(20, 4)
        while True:
            m = recv()
            if m[1] == 1:
                out.write("error\n")
            if m[1] == 21:
                break
        out.write("barrier reply xid=%d\n" % struct.unpack("!I", m[4:8])[0])
        out.close()
        open(sys.argv[3], "w").close()
        while recv() is not None:
            pass
        """;

    [RequiresProgramsFact(["ovs-vswitchd", "ovsdb-server", "ovsdb-tool", "ovs-vsctl", "ovs-appctl"], ["ovs-vswitchd", "ovs-vsctl", "ovs-ofctl"])]
    public void PythonControllerProgramsTheSwitch()
    {
        string theirs = Run(ProgramRunner.Reference("ovs-vswitchd")!);
        string ours = Run(ProgramRunner.Ours("ovs-vswitchd")!);
        Assert.Contains("priority=123,in_port=1 actions=output:2", theirs, StringComparison.Ordinal);
        Assert.Equal(theirs, ours);
    }

    private static string Run(string vswitchd)
    {
        using var sandbox = new Sandbox("ctlr");
        File.WriteAllText(sandbox.PathOf("controller.py"), Controller);
        using var python = System.Diagnostics.Process.Start("/usr/bin/python3", [sandbox.PathOf("controller.py"), sandbox.PathOf("port"), sandbox.PathOf("transcript"), sandbox.PathOf("done")]);
        try
        {
            using DaemonHarness server = StartServer(sandbox);
            using DaemonHarness daemon = DaemonHarness.Start(vswitchd, sandbox, ["--enable-dummy", "--disable-system", "--disable-system-route"]);
            Assert.True(WaitFor(() => File.Exists(sandbox.PathOf("port"))), "the controller did not start");
            string port = File.ReadAllText(sandbox.PathOf("port"));
            Check(Vsctl(sandbox, "add-br", "br0", "--", "set", "bridge", "br0", "datapath-type=dummy", "fail-mode=secure",
                "other-config:datapath-id=fedcba9876543210", "protocols=OpenFlow13",
                "--", "add-port", "br0", "p1", "--", "set", "Interface", "p1", "type=dummy", "ofport_request=1",
                "--", "add-port", "br0", "p2", "--", "set", "Interface", "p2", "type=dummy", "ofport_request=2"));
            Check(Vsctl(sandbox, "set-controller", "br0", $"tcp:127.0.0.1:{port}"));
            Assert.True(WaitFor(() => File.Exists(sandbox.PathOf("done"))), "the controller did not finish");

            var output = new System.Text.StringBuilder();
            output.Append(File.ReadAllText(sandbox.PathOf("transcript")));
            ProgramResult flows = ProgramRunner.Run(ProgramRunner.Reference("ovs-ofctl")!, ["-O", "OpenFlow13", "dump-flows", "br0"], sandbox, timeout: TimeSpan.FromSeconds(20));
            output.Append(Duration().Replace(flows.Stdout, "duration=?s"));

            // The Controller row is written every 5 s of the daemon's clock.
            Assert.True(WaitFor(() =>
            {
                Appctl(sandbox, "time/warp", "1000");
                return Vsctl(sandbox, "get", "controller", ".", "is_connected").Stdout == "true\n";
            }), "is_connected stayed false");
            output.Append(Vsctl(sandbox, "get", "controller", ".", "role").Stdout);

            // Connected is ACTIVE, or IDLE while an inactivity probe (the warps bring them) awaits its answer.
            string state = Vsctl(sandbox, "get", "controller", ".", "status:state").Stdout;
            output.Append(state is "ACTIVE\n" or "IDLE\n" ? "connected state\n" : state);
            Assert.Equal(0, Appctl(sandbox, "exit").ExitCode);
            return output.ToString();
        }
        finally
        {
            if (!python.HasExited)
            {
                python.Kill();
            }

            python.WaitForExit(5000);
        }
    }

    private static bool WaitFor(Func<bool> condition)
    {
        DateTime end = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < end)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return false;
    }

    private static void Check(ProgramResult r) => Assert.True(r.ExitCode == 0, r.Stderr);

    [GeneratedRegex(@"duration=[0-9.]+s")]
    private static partial Regex Duration();
}
