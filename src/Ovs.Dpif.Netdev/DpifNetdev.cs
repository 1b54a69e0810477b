// Upstream: struct dpif_netdev and the dpif_class callbacks of lib/dpif-netdev.c (OVS 3.1).
// A handle on a userspace datapath: every IDpif role forwards to the datapath. Disposing the handle leaves the
// datapath running (other handles, and the datapath's own threads, keep using it); Destroy deletes it.
namespace Ovs.Dpif.Netdev;

internal sealed class DpifNetdev(DpNetdev dp, DpNetdevCatalog catalog) : IDpif, IDpifMeters
{
    public string Name => dp.Name;

    public string Type => dp.DpifType;

    /// <summary>The datapath behind this handle (for unixctl commands, tests and benchmarks).</summary>
    internal DpNetdev Datapath => dp;

    public int PortAdd(string name, string type, ref uint? portNumber) => dp.PortAdd(name, type, ref portNumber);

    public int PortDel(uint portNumber) => dp.PortDel(portNumber);

    public int PortQueryByNumber(uint portNumber, out DpifPort? port) => dp.PortQueryByNumber(portNumber, out port);

    public int PortQueryByName(string name, out DpifPort? port) => dp.PortQueryByName(name, out port);

    public IReadOnlyList<DpifPort> PortDump() => dp.PortDump();

    public int FlowPut(DpifFlowPut put, out DpifFlowStats stats) => dp.FlowPut(put, out stats);

    public int FlowGet(ReadOnlyMemory<byte> key, Ufid? ufid, out DpifFlow? flow) => dp.FlowGet(key, ufid, out flow);

    public int FlowDel(ReadOnlyMemory<byte> key, Ufid? ufid, out DpifFlowStats stats) => dp.FlowDel(key, ufid, out stats);

    public int FlowFlush() => dp.FlowFlush();

    public IReadOnlyList<DpifFlow> FlowDump() => dp.FlowDump();

    public int Execute(DpifExecute execute) => dp.Execute(execute);

    public DpifMeterFeatures MeterFeatures => Meters.DpNetdevMeters.Features;

    public int MeterSet(uint meterId, DpifMeterConfig config) => dp.Meters.Set(meterId, config, dp.NowUs);

    public int MeterGet(uint meterId, int maxBands, out DpifMeterStats? stats) => dp.Meters.Get(meterId, maxBands, out stats);

    public int MeterDel(uint meterId, int maxBands, out DpifMeterStats? stats) => dp.Meters.Delete(meterId, maxBands, out stats);

    public void SetUpcallHandler(IDpifUpcallHandler? handler) => dp.SetUpcallHandler(handler);

    public DpifDpStats GetStats() => dp.GetStats();

    /// <summary>The userspace datapath is part of this program, so it has no version of its own.</summary>
    public string? DatapathVersion => "<built-in>";

    public int SetConfig(IReadOnlyDictionary<string, string> otherConfig) => dp.SetConfig(otherConfig);

    public int PortSetConfig(uint portNumber, IReadOnlyDictionary<string, string> config) => dp.PortSetConfig(portNumber, config);

    public void Run() => dp.Run();

    public int Destroy()
    {
        catalog.Remove(dp);
        dp.Destroy();
        return 0;
    }

    public void Dispose()
    {
    }
}
