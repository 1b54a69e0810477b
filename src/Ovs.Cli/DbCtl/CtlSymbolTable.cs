// Upstream: lib/ovsdb-data.h, struct ovsdb_symbol_table as db-ctl uses it (OVS 3.1)
//
// "@name" row ids on the command line. A name gets a UUID the first time it is seen, whether by "--id=@name"
// (which creates it) or by a reference inside a value (which only records whether the reference is strong or
// weak). After the commands ran, every referenced name must have been created, and a created row without a
// strong reference earns a warning, because the server would garbage-collect it.
using Ovs.Cli.Tables;
using Ovs.Ovsdb;

namespace Ovs.Cli.DbCtl;

public sealed class CtlSymbol(Guid uuid)
{
    public Guid Uuid { get; set; } = uuid;

    public bool Created { get; set; }

    public bool StrongRef { get; set; }

    public bool WeakRef { get; set; }
}

public sealed class CtlSymbolTable : IOvsdbSymbolTable
{
    private readonly Dictionary<string, CtlSymbol> _symbols = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public IEnumerable<KeyValuePair<string, CtlSymbol>> Symbols
    {
        get
        {
            foreach (string name in HmapOrder.Iterate(_order))
            {
                yield return new(name, _symbols[name]);
            }
        }
    }

    public CtlSymbol? Find(string name) => _symbols.GetValueOrDefault(name);

    public CtlSymbol Insert(string name)
    {
        if (!_symbols.TryGetValue(name, out CtlSymbol? symbol))
        {
            symbol = new CtlSymbol(Guid.NewGuid());
            _symbols[name] = symbol;
            _order.Add(name);
        }

        return symbol;
    }

    public Guid Resolve(string name, BaseType type)
    {
        CtlSymbol symbol = Insert(name);
        if (type.RefType == RefType.Strong)
        {
            symbol.StrongRef = true;
        }
        else
        {
            symbol.WeakRef = true;
        }

        return symbol.Uuid;
    }
}
