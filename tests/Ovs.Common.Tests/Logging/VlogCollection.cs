namespace Ovs.Common.Tests.Logging;

/// <summary>Tests that change process-wide vlog state run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VlogCollection
{
    public const string Name = "vlog";
}
