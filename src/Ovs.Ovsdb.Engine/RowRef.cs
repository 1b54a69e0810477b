// Upstream: ovsdb/row.h, struct ovsdb_weak_ref (source side) (OVS 3.1)
namespace Ovs.Ovsdb.Engine;

/// <summary>Names one row of one table; used as a key for reference bookkeeping.</summary>
internal readonly record struct RowRef(Table Table, Guid Uuid)
{
    public override string ToString() => $"{Table.Name} {Uuid}";
}
