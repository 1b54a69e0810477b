// Upstream: lib/db-ctl-base.c, ctl_print_commands() and print_command_arguments() (OVS 3.1)
//
// --commands lists each command for bash completion: its options in brackets, then ",NAME," and its arguments,
// each marked '!' (required), '?' (optional), '*' (optional, repeatable) or '+' (required, repeatable).
using System.Text;
using Ovs.Cli.DbCtl;

namespace Ovs.Programs.OvsVsctl;

internal static partial class OvsVsctlProgram
{
    internal static string CommandsText(DbCtlEngine engine)
    {
        var s = new StringBuilder();
        foreach (CtlCommandSyntax command in engine.Commands)
        {
            foreach (string item in command.Options.Split(','))
            {
                if (item.Length > 0)
                {
                    s.Append('[').Append(item).Append("] ");
                }
            }

            s.Append(',').Append(command.Name).Append(',').Append(MarkArguments(command.Arguments)).Append('\n');
        }

        return s.ToString();
    }

    /// <summary>
    /// Marks each word of a usage string. Works backwards so that a word is known to be repeatable ("...") or
    /// optional ("[...]") before its start is reached; a bracket that covers only part of a word ("[KEY=]VALUE")
    /// marks that part optional but leaves the word required.
    /// </summary>
    internal static string MarkArguments(string arguments)
    {
        if (arguments.Length == 0)
        {
            return string.Empty;
        }

        var output = new StringBuilder();
        uint wholeWordStack = 0;
        bool repeated = false;
        bool wholeWordOptional = false;
        for (int i = arguments.Length - 1; i >= 0; i--)
        {
            char c = arguments[i];
            switch (c)
            {
                case ']':
                    wholeWordStack <<= 1;
                    char next = i + 1 < arguments.Length ? arguments[i + 1] : '\0';
                    if (next is '\0' or ' ' or '.')
                    {
                        wholeWordStack |= 1;
                    }

                    break;
                case '[':
                    if ((i == 0 || arguments[i - 1] == ' ') && (wholeWordStack & 1) != 0)
                    {
                        output.Insert(0, repeated ? '*' : '?');
                        wholeWordOptional = true;
                    }
                    else
                    {
                        output.Insert(0, '?');
                        wholeWordOptional = false;
                    }

                    wholeWordStack >>= 1;
                    break;
                case ' ':
                    if (!wholeWordOptional)
                    {
                        output.Insert(0, repeated ? '+' : '!');
                    }

                    output.Insert(0, ' ');
                    repeated = false;
                    wholeWordOptional = false;
                    break;
                case '.':
                    repeated = true;
                    break;
                default:
                    output.Insert(0, c);
                    break;
            }
        }

        if (arguments[0] != '[' && output.Length > 0)
        {
            output.Insert(0, repeated ? '+' : '!');
        }

        return output.ToString();
    }
}
