// Upstream: getopt_long(3) from glibc, as every OVS program calls it (OVS 3.1)
//
// A getopt_long-compatible command-line parser. Scripts written for the C programs depend on glibc's exact
// behaviour, so this reproduces it rather than offering a friendlier syntax:
//  - short options bundle ("-hv"), and a short option's required argument is either the rest of the word
//    ("-t5") or the next word ("-t 5"); an optional argument can only be attached ("-vdbg");
//  - long options accept any unambiguous prefix; an exact name always wins; a prefix that matches several rows
//    is ambiguous only if those rows differ (in id or argument kind), and the message lists them in table order;
//  - "--opt=value" and, for required arguments, "--opt value";
//  - operands are permuted after the options (GNU default) unless the caller asks to stop at the first operand
//    (POSIXLY_CORRECT, or a leading '+' in a C option string); "--" ends option processing; a lone "-" is an
//    operand.
// Error texts are glibc's, without the "PROGRAM: " prefix that the caller adds.
namespace Ovs.Cli.Options;

public static class GetOpt
{
    /// <summary>Parses <paramref name="args"/> (without argv[0]) against <paramref name="table"/>.</summary>
    /// <param name="stopAtOperand">Stop at the first operand instead of permuting; also forced by POSIXLY_CORRECT.</param>
    public static GetOptResult Parse(IReadOnlyList<string> args, IReadOnlyList<OptionSpec> table, bool stopAtOperand = false)
    {
        stopAtOperand |= Environment.GetEnvironmentVariable("POSIXLY_CORRECT") is not null;
        var options = new List<ParsedOption>();
        var operands = new List<string>();
        int i = 0;
        while (i < args.Count)
        {
            string arg = args[i++];
            if (arg == "--")
            {
                AddRange(operands, args, i);
                break;
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                operands.Add(arg);
                if (stopAtOperand)
                {
                    AddRange(operands, args, i);
                    break;
                }

                continue;
            }

            string? error = arg[1] == '-'
                ? ParseLong(arg, args, ref i, table, options)
                : ParseShort(arg, args, ref i, table, options);
            if (error is not null)
            {
                return new GetOptResult(options, operands, error);
            }
        }

        return new GetOptResult(options, operands, null);
    }

    private static void AddRange(List<string> operands, IReadOnlyList<string> args, int from)
    {
        for (int j = from; j < args.Count; j++)
        {
            operands.Add(args[j]);
        }
    }

    private static string? ParseLong(string arg, IReadOnlyList<string> args, ref int i, IReadOnlyList<OptionSpec> table, List<ParsedOption> options)
    {
        string body = arg[2..];
        int eq = body.IndexOf('=', StringComparison.Ordinal);
        string name = eq < 0 ? body : body[..eq];
        string? value = eq < 0 ? null : body[(eq + 1)..];

        OptionSpec? found = null;
        bool ambiguous = false;
        foreach (OptionSpec spec in table)
        {
            if (spec.Name is null || !spec.Name.StartsWith(name, StringComparison.Ordinal))
            {
                continue;
            }

            if (spec.Name.Length == name.Length)
            {
                found = spec;
                ambiguous = false;
                break;
            }

            if (found is null)
            {
                found = spec;
            }
            else if (found.Argument != spec.Argument || found.Id != spec.Id)
            {
                ambiguous = true;
            }
        }

        if (ambiguous)
        {
            return $"option '{arg}' is ambiguous; possibilities:{Candidates(name, table, found!)}";
        }

        if (found is null)
        {
            return $"unrecognized option '{arg}'";
        }

        switch (found.Argument)
        {
            case OptionArgument.None when value is not null:
                return $"option '--{found.Name}' doesn't allow an argument";
            case OptionArgument.Required when value is null:
                if (i >= args.Count)
                {
                    return $"option '--{found.Name}' requires an argument";
                }

                value = args[i++];
                break;
        }

        options.Add(new ParsedOption(found, value));
        return null;
    }

    private static string Candidates(string prefix, IReadOnlyList<OptionSpec> table, OptionSpec first)
    {
        // glibc marks the first match and every later match that differs from it, then lists them in table order.
        var text = new System.Text.StringBuilder();
        foreach (OptionSpec spec in table)
        {
            if (spec.Name is not null && spec.Name.StartsWith(prefix, StringComparison.Ordinal)
                && (ReferenceEquals(spec, first) || spec.Argument != first.Argument || spec.Id != first.Id))
            {
                text.Append(" '--").Append(spec.Name).Append('\'');
            }
        }

        return text.ToString();
    }

    private static string? ParseShort(string arg, IReadOnlyList<string> args, ref int i, IReadOnlyList<OptionSpec> table, List<ParsedOption> options)
    {
        for (int pos = 1; pos < arg.Length; pos++)
        {
            char c = arg[pos];
            OptionSpec? spec = FindShort(table, c);
            if (spec is null)
            {
                return $"invalid option -- '{c}'";
            }

            if (spec.Argument == OptionArgument.None)
            {
                options.Add(new ParsedOption(spec, null));
                continue;
            }

            string? value = pos + 1 < arg.Length ? arg[(pos + 1)..] : null;
            if (value is null && spec.Argument == OptionArgument.Required)
            {
                if (i >= args.Count)
                {
                    return $"option requires an argument -- '{c}'";
                }

                value = args[i++];
            }

            options.Add(new ParsedOption(spec, value));
            return null;
        }

        return null;
    }

    private static OptionSpec? FindShort(IReadOnlyList<OptionSpec> table, char c)
    {
        foreach (OptionSpec spec in table)
        {
            if (spec.Short == c && c != '\0')
            {
                return spec;
            }
        }

        return null;
    }
}
