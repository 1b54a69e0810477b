using Ovs.Common.Logging;
using Ovs.TestKit;
using VconnConnection = Ovs.Ofproto.Vconn.Vconn;

namespace Ovs.Ofproto.Tests.Vconn;

/// <summary>Vconn tests that change process-wide vlog state run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VconnLogCollection
{
    public const string Name = "vconn-log";
}

[Collection(VconnLogCollection.Name)]
public sealed class VconnLogTests
{
    [Fact]
    public async Task DebugLogShowsMessagesAsOfpPrintAndTheNegotiation()
    {
        using var capture = new VlogCapture();
        VlogModule vconnLog = VlogModule.Get("vconn");
        Vlog.SetLevels(vconnLog, VlogDestination.Console, VlogLevel.Dbg);
        vconnLog.HonorRateLimits = false;
        try
        {
            await using RawPeer peer = RawPeer.Listen();
            await using VconnConnection vconn = await peer.ConnectedAsync(0x40, 0x12);
        }
        catch (Xunit.Sdk.XunitException)
        {
            // No common version: ConnectedAsync's own assertion fails, which is what this test provokes.
        }
        finally
        {
            Vlog.SetLevels(vconnLog, VlogDestination.Console, VlogLevel.Info);
            vconnLog.HonorRateLimits = true;
        }

        string[] lines = capture.Lines;
        string name = Array.Find(lines, l => l.Contains(": sent (Success): OFPT_HELLO (OF1.5)", StringComparison.Ordinal))!;
        Assert.NotNull(name);
        Assert.StartsWith("vconn|DBG|unix:", name, StringComparison.Ordinal);
        Assert.Contains(" version bitmap: 0x06", lines);
        Assert.Contains(lines, l => l.StartsWith("vconn|DBG|unix:", StringComparison.Ordinal) && l.EndsWith(": received: OFPT_HELLO (OF1.3) (xid=0x63):", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(": version negotiation failed (we support version 0x06, peer supports versions 0x01, 0x04)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith(": sent (Success): OFPT_ERROR (OF1.3) (xid=0x0): OFPHFC_INCOMPATIBLE", StringComparison.Ordinal));
        Assert.Contains("We support version 0x06, you support versions 0x01, 0x04, no common versions.", lines);
    }
}
