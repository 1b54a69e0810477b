// Upstream: the ct_* members of struct dpif_class in lib/dpif-provider.h and lib/ct-dpif.c (OVS 3.1).
// Connection tracker settings, for a datapath that has a connection tracker. It is optional: dpctl answers
// EOPNOTSUPP for a datapath that does not implement it, as upstream does for a dpif class without these members.
namespace Ovs.Dpif;

internal interface IDpifConntrack
{
    /// <summary>Deletes the tracked connections, of one zone or (zone null) of all zones.</summary>
    int Flush(ushort? zone);

    int SetMaxConnections(uint maxConnections);

    int GetMaxConnections(out uint maxConnections);

    int GetConnectionCount(out uint connections);

    int SetTcpSequenceChecking(bool enabled);

    int GetTcpSequenceChecking(out bool enabled);
}
