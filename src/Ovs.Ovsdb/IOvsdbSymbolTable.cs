// Upstream: ovsdb/ovsdb.h, struct ovsdb_symbol_table (OVS 3.1)
namespace Ovs.Ovsdb;

/// <summary>
/// Resolves <c>["named-uuid", name]</c> references while parsing operation arguments. The transaction engine owns
/// the table: it creates a UUID the first time a name is seen and records whether the name was used as a strong
/// or a weak reference (from <paramref name="type"/>'s <see cref="BaseType.RefTableName"/> and
/// <see cref="BaseType.RefType"/>), for its later "duplicate uuid-name" and referential-integrity checks.
/// </summary>
public interface IOvsdbSymbolTable
{
    /// <summary>Returns the UUID bound to <paramref name="name"/>, creating the binding if needed.</summary>
    Guid Resolve(string name, BaseType type);
}
