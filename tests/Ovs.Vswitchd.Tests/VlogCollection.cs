namespace Ovs.Vswitchd.Tests;

/// <summary>Tests that capture or change process-wide vlog state run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VlogCollection
{
    public const string Name = "vlog";
}
