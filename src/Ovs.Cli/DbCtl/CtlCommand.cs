// Upstream: lib/db-ctl-base.h, struct ctl_command (OVS 3.1)
using System.Text;
using Ovs.Cli.Tables;

namespace Ovs.Cli.DbCtl;

/// <summary>One command from the command line, with its options, arguments and, once run, its output.</summary>
public sealed class CtlCommand
{
    internal CtlCommand(CtlCommandSyntax syntax, string[] argv, CtlOptions options)
    {
        Syntax = syntax;
        Argv = argv;
        Options = options;
    }

    public CtlCommandSyntax Syntax { get; }

    /// <summary>The command name followed by its arguments.</summary>
    public string[] Argv { get; }

    public CtlOptions Options { get; }

    public StringBuilder Output { get; internal set; } = new();

    public Table? Table { get; internal set; }

    internal Ovs.Ovsdb.Client.Idl.IdlRow? CreatedRow { get; set; }
}

/// <summary>
/// A command's options ("--if-exists", "--id=@x"), keyed by name with the leading dashes. Keeps insertion order,
/// which is the order upstream's small string maps iterate in for the one- and two-option cases that matter.
/// </summary>
public sealed class CtlOptions
{
    private readonly List<KeyValuePair<string, string?>> _items = [];

    public int Count => _items.Count;

    public IEnumerable<KeyValuePair<string, string?>> Items => _items;

    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>The option's value, or null when it is absent or has no value.</summary>
    public string? Get(string name) => IndexOf(name) is var i and >= 0 ? _items[i].Value : null;

    public bool TryAdd(string name, string? value)
    {
        if (Contains(name))
        {
            return false;
        }

        _items.Add(new(name, value));
        return true;
    }

    public void Clear() => _items.Clear();

    internal CtlOptions TakeAll()
    {
        var copy = new CtlOptions();
        copy._items.AddRange(_items);
        _items.Clear();
        return copy;
    }

    private int IndexOf(string name)
    {
        for (int i = 0; i < _items.Count; i++)
        {
            if (_items[i].Key == name)
            {
                return i;
            }
        }

        return -1;
    }
}
