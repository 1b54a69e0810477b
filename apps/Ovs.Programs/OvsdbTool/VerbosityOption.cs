// Upstream: lib/vlog.c, vlog_set_verbosity() and vlog_set_levels_from_string() (OVS 3.1)
//
// The -v/--verbose option as ovsdb-tool accepts it. Ovs.Common's vlog has no public parser for a level
// specification yet, so this handles the forms a command-line tool meets: a bare -v (every module to DBG on every
// destination) and "-vWORD[:WORD]..." where each word names a destination, a level or a module; "PATTERN:dest:text"
// sets a pattern. Errors use upstream's text, so "-vfoo" fails exactly as Debian's ovsdb-tool does.
using Ovs.Common.Logging;

namespace Ovs.Programs.OvsdbTool;

internal static class VerbosityOption
{
    private static readonly char[] s_separators = [':', ' ', '\t', ','];

    public static void Apply(string? spec)
    {
        if (spec is null)
        {
            Vlog.SetLevels(null, null, VlogLevel.Dbg);
            return;
        }

        if (spec.StartsWith("PATTERN:", StringComparison.OrdinalIgnoreCase))
        {
            ApplyPattern(spec);
            return;
        }

        VlogDestination? destination = null;
        VlogLevel level = VlogLevel.Dbg;
        VlogModule? module = null;
        foreach (string word in spec.Split(s_separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(word, "any", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (VlogNames.TryParseDestination(word, out VlogDestination d))
            {
                destination = d;
            }
            else if (VlogNames.TryParseLevel(word, out VlogLevel l))
            {
                level = l;
            }
            else if (VlogModule.Find(word) is { } m)
            {
                module = m;
            }
            else
            {
                throw new ToolFailure($"processing \"{spec}\": no destination, level, or module \"{word}\"");
            }
        }

        Vlog.SetLevels(module, destination, level);
    }

    private static void ApplyPattern(string spec)
    {
        string rest = spec["PATTERN:".Length..];
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        string destinationWord = colon < 0 ? rest : rest[..colon];
        if (colon < 0 || !VlogNames.TryParseDestination(destinationWord, out VlogDestination destination))
        {
            throw new ToolFailure($"processing \"{spec}\": destination is required");
        }

        Vlog.SetPattern(destination, rest[(colon + 1)..]);
    }
}
