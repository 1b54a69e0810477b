// Upstream: vswitchd/vswitch.ovsschema, the Mirror table, as vswitchd/bridge.c reads it (OVS 3.1).
namespace Ovs.Vswitchd.Bridges;

/// <summary>
/// One Mirror row of a bridge. Ports are given by name (rows the replica does not hold are left out); the optional
/// columns are null when empty.
/// </summary>
internal sealed record MirrorConfig(Guid Uuid, string Name)
{
    public bool SelectAll { get; init; }

    public IReadOnlyList<string> SelectSrcPorts { get; init; } = [];

    public IReadOnlyList<string> SelectDstPorts { get; init; } = [];

    public IReadOnlyList<long> SelectVlans { get; init; } = [];

    public string? OutputPort { get; init; }

    public long? OutputVlan { get; init; }

    public long? Snaplen { get; init; }

    public override string ToString() =>
        $"{Uuid}|{Name}|{SelectAll}|{string.Join(',', SelectSrcPorts)}|{string.Join(',', SelectDstPorts)}|{string.Join(',', SelectVlans)}|{OutputPort}|{OutputVlan}|{Snaplen}";
}
