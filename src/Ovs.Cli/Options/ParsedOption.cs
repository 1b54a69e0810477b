// Upstream: getopt_long(3) results (OVS 3.1)
namespace Ovs.Cli.Options;

/// <summary>One option found on the command line, with its argument (null when none was given).</summary>
public readonly record struct ParsedOption(OptionSpec Spec, string? Argument)
{
    public int Id => Spec.Id;
}

/// <summary>
/// The outcome of parsing a command line. <see cref="Options"/> holds the options in command-line order up to the
/// first error; <see cref="Error"/> is getopt's diagnostic for that error (without the "PROGRAM: " prefix), or
/// null. Programs process <see cref="Options"/> first and only then report <see cref="Error"/>, because upstream
/// acts on each option as getopt returns it and an earlier option's own error wins.
/// </summary>
public sealed class GetOptResult
{
    internal GetOptResult(List<ParsedOption> options, List<string> operands, string? error)
    {
        Options = options;
        Operands = operands;
        Error = error;
    }

    public IReadOnlyList<ParsedOption> Options { get; }

    /// <summary>The non-option arguments, in order, after permutation.</summary>
    public IReadOnlyList<string> Operands { get; }

    public string? Error { get; }
}
