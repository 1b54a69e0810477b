// Upstream: ovsdb/ovsdb.c, struct ovsdb_symbol_table (OVS 3.1)
namespace Ovs.Ovsdb.Engine.Execution;

/// <summary>
/// The "uuid-name" bindings of one transaction. A name gets its UUID when first seen, whether in an insert's
/// "uuid-name" or in a ["named-uuid", name] reference, so references may come before the insert that names the
/// row; a second insert with the same name is an error.
/// </summary>
internal sealed class SymbolTable(Func<Guid> newUuid) : IOvsdbSymbolTable
{
    private readonly Dictionary<string, Symbol> _symbols = new(StringComparer.Ordinal);

    public Guid Resolve(string name, BaseType type) => Get(name).Uuid;

    public Symbol Get(string name)
    {
        if (!_symbols.TryGetValue(name, out Symbol? symbol))
        {
            symbol = new Symbol(newUuid());
            _symbols.Add(name, symbol);
        }

        return symbol;
    }

    public bool TryGet(string name, out Symbol? symbol) => _symbols.TryGetValue(name, out symbol);

    /// <summary>Binds <paramref name="name"/> to an explicit UUID given by the same insert.</summary>
    public Symbol Bind(string name, Guid uuid)
    {
        var symbol = new Symbol(uuid);
        _symbols[name] = symbol;
        return symbol;
    }

    internal sealed class Symbol(Guid uuid)
    {
        public Guid Uuid { get; } = uuid;

        public bool CreatedByInsert { get; set; }
    }
}
