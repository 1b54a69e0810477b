// Upstream: lib/db-ctl-base.c (OVS 3.1)
//
// The engine behind ovs-vsctl and vtep-ctl: one command table holding the generic database commands (list, find,
// get, set, add, remove, clear, create, destroy, wait-until, comment, show) plus the front end's own commands;
// table and column names that may be abbreviated; the front end's rules for naming rows; and the parsing of a
// command line into "--"-separated commands with their own options. Names are resolved against the schema the
// program was built with (as upstream's compiled IDL class), so name errors appear before any connection.
using Ovs.Ovsdb;

namespace Ovs.Cli.DbCtl;

public sealed partial class DbCtlEngine
{
    private readonly Dictionary<string, CtlCommandSyntax> _commands = new(StringComparer.Ordinal);
    private readonly List<string> _commandOrder = [];
    private readonly Dictionary<string, CtlRowId[]> _rowIds;
    private readonly Dictionary<string, ColumnSchema[]> _sortedColumns = new(StringComparer.Ordinal);
    private readonly Func<DatabaseSchema> _loadSchema;
    private DatabaseSchema? _schema;
    private List<TableSchema>? _sortedTables;

    public DbCtlEngine(DatabaseSchema schema, IReadOnlyDictionary<string, CtlRowId[]> rowIds, IReadOnlyList<CtlShowTable>? showTables)
        : this(() => schema, rowIds, showTables)
    {
    }

    /// <param name="loadSchema">Builds the schema the first time it is needed (--version and --help do without).</param>
    public DbCtlEngine(Func<DatabaseSchema> loadSchema, IReadOnlyDictionary<string, CtlRowId[]> rowIds, IReadOnlyList<CtlShowTable>? showTables)
    {
        _loadSchema = loadSchema;
        _rowIds = new Dictionary<string, CtlRowId[]>(rowIds, StringComparer.Ordinal);
        ShowTables = showTables;
        Register(GenericCommands());
        if (showTables is not null)
        {
            Register([new CtlCommandSyntax("show", 0, 0, "", PreShow, Show, null, "", CtlMode.ReadOnly)]);
        }
    }

    public DatabaseSchema Schema => _schema ??= _loadSchema();

    /// <summary>The tables in name order, as upstream's generated IDL class lists them.</summary>
    public IReadOnlyList<TableSchema> SortedTables => _sortedTables ??= SortByName(Schema.Tables);

    public IReadOnlyList<CtlShowTable>? ShowTables { get; }

    /// <summary>The commands in the iteration order of upstream's command map (what --commands prints).</summary>
    public IEnumerable<CtlCommandSyntax> Commands
    {
        get
        {
            foreach (string name in Tables.HmapOrder.Iterate(_commandOrder))
            {
                yield return _commands[name];
            }
        }
    }

    public void Register(IEnumerable<CtlCommandSyntax> commands)
    {
        foreach (CtlCommandSyntax command in commands)
        {
            if (!_commands.TryAdd(command.Name, command))
            {
                throw new InvalidOperationException($"duplicate command {command.Name}");
            }

            _commandOrder.Add(command.Name);
        }
    }

    private static List<TableSchema> SortByName(IReadOnlyList<TableSchema> tables)
    {
        var sorted = new List<TableSchema>(tables);
        sorted.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return sorted;
    }

    public CtlCommandSyntax? FindCommand(string name) => _commands.GetValueOrDefault(name);

    /// <summary>A table's columns in name order, without _uuid and _version (upstream's IDL column order).</summary>
    public ColumnSchema[] SortedColumns(TableSchema table)
    {
        if (!_sortedColumns.TryGetValue(table.Name, out ColumnSchema[]? columns))
        {
            columns = [.. table.UserColumns];
            Array.Sort(columns, (a, b) => string.CompareOrdinal(a.Name, b.Name));
            _sortedColumns[table.Name] = columns;
        }

        return columns;
    }

    public IReadOnlyList<CtlRowId> RowIds(TableSchema table) => _rowIds.GetValueOrDefault(table.Name) ?? [];

    /// <summary>How well user input <paramref name="s"/> matches <paramref name="name"/> (higher is better; 0: no match).</summary>
    private static uint ScorePartialMatch(string name, string s)
    {
        if (name == s)
        {
            return uint.MaxValue;
        }

        uint score = 0;
        for (int i = 0; ; i++, score++)
        {
            char a = i < name.Length ? name[i] : '\0';
            char b = i < s.Length ? s[i] : '\0';
            if (Fold(a) != Fold(b))
            {
                return b == '\0' ? score : 0;
            }

            if (a == '\0')
            {
                return uint.MaxValue - 1;
            }
        }

        static char Fold(char c) => c == '-' ? '_' : char.ToLowerInvariant(c);
    }

    /// <summary>The table that <paramref name="name"/> names or abbreviates; throws with upstream's message.</summary>
    public TableSchema GetTable(string name)
    {
        TableSchema? best = null;
        uint bestScore = 0;
        var matches = new SortedSet<string>(StringComparer.Ordinal);
        foreach (TableSchema table in SortedTables)
        {
            uint score = ScorePartialMatch(table.Name, name);
            if (score != 0 && score >= bestScore)
            {
                if (score > bestScore)
                {
                    matches.Clear();
                }

                matches.Add(table.Name);
                best = table;
                bestScore = score;
            }
        }

        if (best is null)
        {
            throw new CliException($"unknown table \"{name}\"");
        }

        if (matches.Count > 1)
        {
            throw new CliException($"\"{name}\" matches multiple table names: {string.Join(", ", matches)}");
        }

        return best;
    }

    /// <summary>The column of <paramref name="table"/> that <paramref name="name"/> names or abbreviates.</summary>
    public ColumnSchema GetColumn(TableSchema table, string name)
    {
        ColumnSchema? best = null;
        uint bestScore = 0;
        var matches = new SortedSet<string>(StringComparer.Ordinal);
        foreach (ColumnSchema column in SortedColumns(table))
        {
            uint score = ScorePartialMatch(column.Name, name);
            if (score != 0 && score >= bestScore)
            {
                if (score > bestScore)
                {
                    matches.Clear();
                }

                matches.Add(column.Name);
                best = column;
                bestScore = score;
            }
        }

        if (best is null)
        {
            throw new CliException($"{table.Name} does not contain a column whose name matches \"{name}\"");
        }

        if (matches.Count > 1)
        {
            throw new CliException($"{table.Name} contains more than one column whose name matches \"{name}\": {string.Join(", ", matches)}");
        }

        return best;
    }
}
