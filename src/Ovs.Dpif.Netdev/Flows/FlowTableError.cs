// The outcomes of flow table operations, numbered as the Linux errno values the dpif layer reports for them.
namespace Ovs.Dpif.Netdev.Flows;

internal enum FlowTableError
{
    None = 0,

    /// <summary>ENOENT: no such flow (get, del, or a put without Create).</summary>
    NotFound = 2,

    /// <summary>EEXIST: a put with Create but not Modify, and a flow already matches the key (or holds the id).</summary>
    Exists = 17,

    /// <summary>EINVAL: a put with neither Create nor Modify matched an installed flow.</summary>
    Invalid = 22,

    /// <summary>EOPNOTSUPP: a put asked to zero statistics, which the userspace datapath does not do.</summary>
    NotSupported = 95,
}
