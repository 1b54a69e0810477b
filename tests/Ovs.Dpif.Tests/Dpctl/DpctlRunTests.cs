// dpctl as ovs-dpctl runs it (DpctlCommands.Run, upstream's dpctl_run_command): the checks before a handler runs,
// messages split between standard output and standard error, and the EOPNOTSUPP answers for a datapath without a
// connection tracker. Expected texts are upstream's (Debian's ovs-dpctl 3.1.0 prints the same for the first group).
using Ovs.Common;
using Ovs.Dpif.Dpctl;
using Ovs.Netdev;
using Ovs.Netdev.Dummy;
using DpctlSession = Ovs.Dpif.Dpctl.Dpctl;

namespace Ovs.Dpif.Tests.Dpctl;

public sealed class DpctlRunTests
{
    private readonly NetdevRegistry _netdevs = new();
    private readonly DpifRegistry _datapaths = new();
    private readonly StringWriter _out = new();
    private readonly StringWriter _error = new();

    public DpctlRunTests()
    {
        _netdevs.Register(new DummyProvider("dummy"));
        _netdevs.Register(new DummyProvider("dummy-internal"));
        _datapaths.Register(new InMemoryDpifProviderDouble("dummy", _netdevs));
    }

    [Theory]
    [InlineData(new string[0], "ovs-dpctl: missing command name; use --help for help\n")]
    [InlineData(new[] { "bogus" }, "ovs-dpctl: unknown command 'bogus'; use --help for help\n")]
    [InlineData(new[] { "add-dp" }, "ovs-dpctl: 'add-dp' command requires at least 1 arguments\n")]
    [InlineData(new[] { "del-dp", "a", "b" }, "ovs-dpctl: 'del-dp' command takes at most 1 arguments\n")]
    [InlineData(new[] { "dump-flows" }, "ovs-dpctl: no datapaths exist\novs-dpctl: datapath not found (Invalid argument)\n")]
    public void Reports_usage_errors_as_upstream(string[] argv, string error)
    {
        Assert.Equal(OvsErrno.EINVAL, DpctlCommands.Run(Create(new DpctlOptions()), argv));
        Assert.Equal(string.Empty, _out.ToString());
        Assert.Equal(error, _error.ToString());
    }

    [Fact]
    public void Read_only_refuses_commands_that_change_a_datapath()
    {
        DpctlSession dpctl = Create(new DpctlOptions { ReadOnly = true });
        Assert.Equal(OvsErrno.EINVAL, DpctlCommands.Run(dpctl, ["add-dp", "dummy@dp0"]));
        Assert.Equal("ovs-dpctl: 'add-dp' command does not work in read only mode\n", _error.ToString());
        Assert.Equal(0, DpctlCommands.Run(dpctl, ["dump-dps"]));
    }

    [Fact]
    public void Prints_to_standard_output_and_reports_to_standard_error()
    {
        DpctlSession dpctl = Create(new DpctlOptions());
        Assert.Equal(0, DpctlCommands.Run(dpctl, ["add-dp", "dummy@dp0", "p1,type=dummy,x=1,x=2"]));
        Assert.Equal(0, DpctlCommands.Run(dpctl, ["show"]));
        Assert.Equal("dummy@dp0:\n  lookups: hit:0 missed:0 lost:0\n  flows: 0\n  port 0: dp0 (dummy-internal)\n  port 1: p1 (dummy)\n", _out.ToString());
        Assert.Equal("ovs-dpctl: duplicate \"x\" option\n", _error.ToString());
    }

    [Fact]
    public void Flows_without_a_ufid_are_found_again_by_key_outside_the_daemon()
    {
        DpctlSession dpctl = Create(new DpctlOptions { Verbosity = 1 });
        Assert.Equal(0, DpctlCommands.Run(dpctl, ["add-dp", "dummy@dp0"]));
        Assert.Equal(0, DpctlCommands.Run(dpctl, ["add-flow", "in_port(1),eth_type(0x1234)", "drop"]));
        IDpif dpif = Open("dummy@dp0");
        DpifFlow flow = Assert.Single(dpif.FlowDump());
        Assert.Equal(0, DpctlCommands.Run(dpctl, ["del-flow", "in_port(1),eth_type(0x1234)"]));
        Assert.Empty(dpif.FlowDump());
        Assert.NotNull(flow.Ufid);
    }

    [Fact]
    public void Dump_flows_type_is_refused_outside_the_daemon()
    {
        DpctlSession dpctl = Create(new DpctlOptions());
        Assert.Equal(0, DpctlCommands.Run(dpctl, ["add-dp", "dummy@dp0"]));
        Assert.Equal(OvsErrno.EINVAL, DpctlCommands.Run(dpctl, ["dump-flows", "type=ovs"]));
        Assert.Equal("ovs-dpctl: Invalid argument 'type'. Use 'ovs-appctl dpctl/dump-flows' instead.\n", _error.ToString());
    }

    [Theory]
    [InlineData(new[] { "ct-get-maxconns" }, "ovs-dpctl: maxconns could not be retrieved (Operation not supported)\n")]
    [InlineData(new[] { "ct-set-maxconns", "5" }, "ovs-dpctl: ct set maxconns failed (Operation not supported)\n")]
    [InlineData(new[] { "ct-get-nconns" }, "ovs-dpctl: nconns could not be retrieved (Operation not supported)\n")]
    [InlineData(new[] { "dump-conntrack", "zone=3" }, "ovs-dpctl: starting conntrack dump (Operation not supported)\n")]
    [InlineData(new[] { "flush-conntrack", "zone=3" }, "ovs-dpctl: failed to flush conntrack (Operation not supported)\n")]
    [InlineData(new[] { "ipf-set-enabled", "v4" }, "ovs-dpctl: enabling fragmentation reassembly failed (Operation not supported)\n")]
    [InlineData(new[] { "ipf-set-enabled", "v5" }, "ovs-dpctl: parameter missing: 'v4' for IPv4 or 'v6' for IPv6 (Invalid argument)\n")]
    public void Datapath_without_conntrack_answers_eopnotsupp(string[] argv, string error)
    {
        _datapaths.Unregister("dummy");
        _datapaths.Register(new WithoutConntrack(new InMemoryDpifProviderDouble("dummy", _netdevs)));
        DpctlSession dpctl = Create(new DpctlOptions());
        Assert.Equal(0, DpctlCommands.Run(dpctl, ["add-dp", "dummy@dp0"]));
        Assert.NotEqual(0, DpctlCommands.Run(dpctl, argv));
        Assert.Equal(error, _error.ToString());
    }

    private DpctlSession Create(DpctlOptions options) => new(_datapaths, _netdevs, options, "ovs-dpctl", _out, _error);

    private IDpif Open(string name)
    {
        Assert.Equal(0, _datapaths.Open(name, false, out IDpif? dpif));
        return dpif!;
    }

    /// <summary>Hides the double's connection tracker, as a datapath without one.</summary>
    private sealed class WithoutConntrack(IDpifProvider inner) : IDpifProvider
    {
        public string Type => inner.Type;

        public int Open(string name, bool create, out IDpif? dpif)
        {
            int error = inner.Open(name, create, out IDpif? opened);
            dpif = opened is null ? null : new PlainDpif(opened);
            return error;
        }

        public IReadOnlyList<string> EnumerateNames() => inner.EnumerateNames();
    }

    private sealed class PlainDpif(IDpif inner) : IDpif
    {
        public string Name => inner.Name;

        public string Type => inner.Type;

        public int PortAdd(string name, string type, ref uint? portNumber) => inner.PortAdd(name, type, ref portNumber);

        public int PortDel(uint portNumber) => inner.PortDel(portNumber);

        public int PortQueryByNumber(uint portNumber, out DpifPort? port) => inner.PortQueryByNumber(portNumber, out port);

        public int PortQueryByName(string name, out DpifPort? port) => inner.PortQueryByName(name, out port);

        public IReadOnlyList<DpifPort> PortDump() => inner.PortDump();

        public int FlowPut(DpifFlowPut put, out DpifFlowStats stats) => inner.FlowPut(put, out stats);

        public int FlowGet(ReadOnlyMemory<byte> key, Ufid? ufid, out DpifFlow? flow) => inner.FlowGet(key, ufid, out flow);

        public int FlowDel(ReadOnlyMemory<byte> key, Ufid? ufid, out DpifFlowStats stats) => inner.FlowDel(key, ufid, out stats);

        public int FlowFlush() => inner.FlowFlush();

        public IReadOnlyList<DpifFlow> FlowDump() => inner.FlowDump();

        public int Execute(DpifExecute execute) => inner.Execute(execute);

        public void SetUpcallHandler(IDpifUpcallHandler? handler) => inner.SetUpcallHandler(handler);

        public DpifDpStats GetStats() => inner.GetStats();

        public int Destroy() => inner.Destroy();

        public void Dispose() => inner.Dispose();
    }
}
