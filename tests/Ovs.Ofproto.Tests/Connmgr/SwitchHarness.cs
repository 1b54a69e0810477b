// A switch "br0" on the dummy datapath with its LOCAL port (aa:55:aa:55:00:00), serving OpenFlow on a Unix socket
// in a temporary directory, and OpenFlow clients for it. Posted work runs one action at a time under a lock, which
// stands in for the main loop; tests change the switch under the same lock.
using System.Buffers;
using Ovs.Dpif;
using Ovs.Dpif.Netdev;
using Ovs.Netdev;
using Ovs.Ofproto.Core;
using Ovs.Ofproto.Tests.Core;
using Ovs.Ofproto.Vconn;
using Ovs.OpenFlow.Text;
using Ovs.OpenFlow.Wire;
using OfVconn = Ovs.Ofproto.Vconn.Vconn;
using Switch = Ovs.Ofproto.Core.Ofproto;

namespace Ovs.Ofproto.Tests.Connmgr;

internal sealed class SwitchHarness : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Lock _loop = new();
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("ofmgmt").FullName;

    /// <param name="time">The switch's clock (a stopped OvsClock for tests of timing); a ManualTime by default.</param>
    public SwitchHarness(TimeProvider? time = null)
    {
        var datapaths = new DpifRegistry();
        Assert.Equal(0, DpifNetdevProvider.RegisterAll(datapaths, Netdevs, new DpNetdevCatalog()));
        var context = new OfprotoContext(datapaths, Netdevs, time ?? new ManualTime()) { Post = OnLoop };
        Assert.Equal(0, Switch.Create("br0", "dummy", context, out Switch? ofproto));
        Ofproto = ofproto!;
        Ofproto.DatapathId = 0xfedcba9876543210;
        OnLoop(() =>
        {
            Assert.Equal(0, Netdevs.Open("br0", Ofproto.PortOpenType("internal"), out INetdev? local));
            local!.SetEtherAddress(Flow.Packets.EthAddr.FromBits(0xaa55aa550000));
            Assert.Equal(0, Ofproto.AddPort(local, null, out _));
            Netdevs.Close(local);
            Ofproto.Connections!.SetServices([$"punix:{SocketPath}"], OfVconn.DefaultVersions);
        });
    }

    public NetdevRegistry Netdevs { get; } = NetdevRegistry.CreateDefault();

    public Switch Ofproto { get; }

    public string SocketPath => Path.Combine(_directory, "br0.mgmt");

    /// <summary>The harness's temporary directory, for other sockets of a test.</summary>
    public string Directory => _directory;

    public void OnLoop(Action action)
    {
        lock (_loop)
        {
            action();
        }
    }

    /// <summary>Adds a dummy port; returns its OpenFlow number.</summary>
    public ushort AddDummyPort(string name)
    {
        ushort number = 0;
        OnLoop(() =>
        {
            Assert.Equal(0, Netdevs.Open(name, "dummy", out INetdev? netdev));
            Assert.Equal(0, Ofproto.AddPort(netdev!, null, out OfprotoPort? port));
            Netdevs.Close(netdev!);
            number = port!.OfpPort;
        });
        return number;
    }

    public async Task<Client> ConnectAsync(uint versions)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        (OfVconn? vconn, int error) = await OfVconn.OpenAsync($"unix:{SocketPath}", versions, cancel.Token);
        Assert.Equal(0, error);
        Assert.Equal(0, await vconn!.ConnectAsync(cancel.Token));
        return new Client(vconn);
    }

    public void Dispose()
    {
        OnLoop(() => Ofproto.Destroy(delete: true));
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    /// <summary>An OpenFlow client of the switch; texts are ofp-print's at verbosity 1 without "(xid=...)".</summary>
    internal sealed class Client(OfVconn vconn) : IAsyncDisposable
    {
        public OfVconn Vconn { get; } = vconn;

        public byte[] Encode(OfpRaw raw, byte[] body, uint xid = 7)
        {
            var writer = new ArrayBufferWriter<byte>();
            Span<byte> span = OfpEncoder.Begin(writer, raw, Vconn.Version, xid, body.Length, out int total);
            body.CopyTo(span);
            writer.Advance(total);
            return writer.WrittenSpan.ToArray();
        }

        public async Task SendAsync(byte[] message)
        {
            using var cancel = new CancellationTokenSource(Timeout);
            Assert.Equal(0, await Vconn.SendAsync(message, cancel.Token));
        }

        public async Task<string> ReceiveTextAsync()
        {
            using var cancel = new CancellationTokenSource(Timeout);
            VconnMessage received = await Vconn.ReceiveAsync(cancel.Token);
            Assert.True(received.IsSuccess);
            return Text(received.Message!);
        }

        /// <summary>Sends a message and returns the text of the first reply carrying its xid.</summary>
        public async Task<string> TransactAsync(OfpRaw raw, byte[] body)
        {
            using var cancel = new CancellationTokenSource(Timeout);
            VconnMessage reply = await Vconn.TransactAsync(Encode(raw, body), cancel.Token);
            Assert.True(reply.IsSuccess);
            return Text(reply.Message!);
        }

        /// <summary>Sends a barrier and returns the texts of everything received before its reply.</summary>
        public async Task<List<string>> DrainAsync()
        {
            OfpRaw barrier = Vconn.Version == 1 ? OfpRaw.Ofpt10BarrierRequest : OfpRaw.Ofpt11BarrierRequest;
            await SendAsync(Encode(barrier, [], xid: 0x99));
            var texts = new List<string>();
            while (true)
            {
                string text = await ReceiveTextAsync();
                if (text.StartsWith("OFPT_BARRIER_REPLY", StringComparison.Ordinal))
                {
                    return texts;
                }

                texts.Add(text);
            }
        }

        public ValueTask DisposeAsync() => Vconn.DisposeAsync();

        private static string Text(byte[] message) =>
            System.Text.RegularExpressions.Regex.Replace(OfpPrinter.ToText(message, new OfpPrintContext(1, null)), @" \(xid=0x[0-9a-f]+\)", string.Empty);
    }
}
