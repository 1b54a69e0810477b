// Upstream: getopt_long(3) "struct option" as used by every OVS program (OVS 3.1)
namespace Ovs.Cli.Options;

/// <summary>Whether an option takes an argument, as getopt_long's <c>has_arg</c>.</summary>
public enum OptionArgument
{
    /// <summary>The option takes no argument; "--opt=value" is an error.</summary>
    None,

    /// <summary>The option needs an argument: attached ("-t5", "--opt=5") or the next word.</summary>
    Required,

    /// <summary>The argument may only be attached ("-vdbg", "--pidfile=FILE"); the next word is never taken.</summary>
    Optional,
}

/// <summary>
/// One row of a program's option table. <paramref name="Name"/> is the long name without dashes (null for a
/// short-only option) and <paramref name="Short"/> the short letter ('\0' for a long-only option).
/// <paramref name="Id"/> identifies the option to the program; rows that share an id are aliases, and a prefix
/// that matches only aliases of one another is not ambiguous (as in getopt_long).
/// The order of rows matters: ambiguity messages list the candidates in table order.
/// </summary>
public sealed record OptionSpec(string? Name, char Short, OptionArgument Argument, int Id)
{
    public static OptionSpec Long(string name, OptionArgument argument, int id) => new(name, '\0', argument, id);

    public static OptionSpec Both(string name, char shortName, OptionArgument argument) => new(name, shortName, argument, shortName);

    public static OptionSpec ShortOnly(char shortName, OptionArgument argument) => new(null, shortName, argument, shortName);
}
