// A dummy datapath on its own registries, with helpers to build ODP keys and actions from their text form, inject
// frames into dummy ports and read what ports sent (through tx_pcap files in a temporary directory).
using Ovs.Dpif.Netlink;
using Ovs.Dpif.Odp;
using Ovs.Netdev;
using Ovs.Netdev.Dummy;
using Ovs.Netdev.Pcap;
using Ovs.TestKit;

namespace Ovs.Dpif.Netdev.Tests.Datapath;

internal sealed class DatapathFixture : IDisposable
{
    public static readonly byte[] MacA = PacketBuilder.Mac("00:00:00:00:00:0a");
    public static readonly byte[] MacB = PacketBuilder.Mac("00:00:00:00:00:0b");

    private readonly string _directory = Directory.CreateTempSubdirectory("dpif-netdev-").FullName;

    public DatapathFixture(
        bool threads = false, string name = "dp0", DpNetdevCatalog? catalog = null, int emcInverse = 1, uint[]? pmdCores = null,
        TimeProvider? time = null, Pmd.CpuTopology? topology = null)
    {
        Catalog = catalog ?? new DpNetdevCatalog();
        var options = new DpNetdevOptions
        {
            StartThreads = threads,
            EmcInsertInverseProbability = emcInverse,
            PmdCoreIds = pmdCores,
            Time = time ?? TimeProvider.System,
            Topology = topology,
        };
        Assert.Equal(0, DpifNetdevProvider.RegisterAll(Dpifs, Netdevs, Catalog, options));
        Assert.Equal(0, Dpifs.Open("dummy@" + name, create: true, out IDpif? dpif));
        Dpif = dpif!;
    }

    public NetdevRegistry Netdevs { get; } = NetdevRegistry.CreateDefault();

    public DpifRegistry Dpifs { get; } = new();

    public DpNetdevCatalog Catalog { get; }

    public IDpif Dpif { get; }

    public DpNetdev Datapath => ((DpifNetdev)Dpif).Datapath;

    /// <summary>Adds a dummy port (of <paramref name="type"/>) whose output goes to a pcap file; returns its number.</summary>
    public uint AddPort(string name, string type = "dummy")
    {
        uint? number = null;
        Assert.Equal(0, Dpif.PortAdd(name, type, ref number));
        Netdev(name).SetConfig(new Dictionary<string, string> { ["tx_pcap"] = TxPath(name) });
        return number!.Value;
    }

    public DummyNetdev Netdev(string name) => (DummyNetdev)Netdevs.Find(name)!;

    public void Inject(string port, byte[] frame) => Assert.Equal(0, Netdev(port).Inject(frame, 0));

    /// <summary>The frames <paramref name="port"/> has sent so far.</summary>
    public List<byte[]> Sent(string port)
    {
        var frames = new List<byte[]>();
        string path = TxPath(port);
        if (!File.Exists(path))
        {
            return frames;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        Assert.Equal(0, PcapReader.FromStream(stream, out PcapReader? reader, out _));
        while (reader!.Read(out byte[]? frame, out _, out _) == 0 && frame is not null)
        {
            frames.Add(frame);
        }

        return frames;
    }

    /// <summary>Waits (up to 10 s) until <paramref name="port"/> has sent <paramref name="count"/> frames.</summary>
    public List<byte[]> WaitSent(string port, int count)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(10);
        List<byte[]> sent;
        while ((sent = Sent(port)).Count < count && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }

        return sent;
    }

    /// <summary>Polls (datapath without threads) until nothing is left to receive.</summary>
    public void PollAll()
    {
        for (int i = 0; i < 10_000 && Datapath.PollOnce() > 0; i++)
        {
        }
    }

    /// <summary>Installs the 10.0.0.0/24 UDP megaflow from port 1 with the given actions.</summary>
    public void PutMegaflow(string actions, string match = FlowTests.UdpMegaflow) =>
        Assert.Equal(0, Dpif.FlowPut(Put(match, actions), out _));

    public static byte[] UdpFrame(string src, string dst, ushort srcPort = 1000, ushort dstPort = 2000, int payload = 18) =>
        PacketBuilder.Ethernet(
            MacB,
            MacA,
            0x0800,
            PacketBuilder.Ipv4(PacketBuilder.Ip4(src), PacketBuilder.Ip4(dst), 17, PacketBuilder.Udp(srcPort, dstPort, new byte[payload])));

    public static (byte[] Key, byte[] Mask) Key(string text)
    {
        byte[] key = new byte[1024];
        byte[] mask = new byte[1024];
        var k = new NlWriter(key);
        var m = new NlWriter(mask);
        string? error = OdpKeyParser.Parse(text, ref k, ref m);
        Assert.True(error is null, error);
        return (k.Written.ToArray(), m.Written.ToArray());
    }

    public static byte[] Actions(string text)
    {
        byte[] buffer = new byte[1024];
        var w = new NlWriter(buffer);
        Assert.True(OdpActionParser.Parse(text, ref w), text);
        return w.Written.ToArray();
    }

    public static DpifFlowPut Put(string match, string actions, Ufid? ufid = null, DpifFlowPutFlags flags = DpifFlowPutFlags.Create)
    {
        (byte[] key, byte[] mask) = Key(match);
        return new DpifFlowPut(flags, key, mask, Actions(actions), ufid);
    }

    private string TxPath(string port) => Path.Combine(_directory, port + ".pcap");

    public void Dispose()
    {
        Dpif.Destroy();
        Dpif.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
