// Expected messages were recorded from Debian's ovsdb-client and ovs-vsctl 3.1.0 (glibc getopt_long).
using Ovs.Cli.Options;

namespace Ovs.Cli.Tests.Options;

public sealed class GetOptTests
{
    // A subset of ovsdb-client's table, in its order.
    private static readonly OptionSpec[] s_table =
    [
        OptionSpec.Both("version", 'V', OptionArgument.None),
        OptionSpec.Both("help", 'h', OptionArgument.None),
        OptionSpec.Long("timestamp", OptionArgument.None, 1),
        OptionSpec.Both("timeout", 't', OptionArgument.Required),
        OptionSpec.Long("force", OptionArgument.None, 2),
        OptionSpec.Long("db-change-aware", OptionArgument.None, 3),
        OptionSpec.Long("no-db-change-aware", OptionArgument.None, 4),
        OptionSpec.Both("verbose", 'v', OptionArgument.Optional),
        OptionSpec.Long("detach", OptionArgument.None, 5),
        OptionSpec.Long("pidfile", OptionArgument.Optional, 6),
        OptionSpec.Both("format", 'f', OptionArgument.Required),
        OptionSpec.Both("data", 'd', OptionArgument.Required),
        OptionSpec.Long("no-headings", OptionArgument.None, 7),
        OptionSpec.Long("pretty", OptionArgument.None, 8),
    ];

    [Theory]
    [InlineData(new[] { "--foo" }, "unrecognized option '--foo'")]
    [InlineData(new[] { "--foo=bar" }, "unrecognized option '--foo=bar'")]
    [InlineData(new[] { "-Z" }, "invalid option -- 'Z'")]
    [InlineData(new[] { "-hZ" }, "invalid option -- 'Z'")]
    [InlineData(new[] { "-t" }, "option requires an argument -- 't'")]
    [InlineData(new[] { "--timeout" }, "option '--timeout' requires an argument")]
    [InlineData(new[] { "--timeo" }, "option '--timeout' requires an argument")]
    [InlineData(new[] { "--format" }, "option '--format' requires an argument")]
    [InlineData(new[] { "--help=x" }, "option '--help' doesn't allow an argument")]
    [InlineData(new[] { "--d" }, "option '--d' is ambiguous; possibilities: '--db-change-aware' '--detach' '--data'")]
    [InlineData(new[] { "--fo=3" }, "option '--fo=3' is ambiguous; possibilities: '--force' '--format'")]
    [InlineData(new[] { "--ti", "3" }, "option '--ti' is ambiguous; possibilities: '--timestamp' '--timeout'")]
    [InlineData(new[] { "--p" }, "option '--p' is ambiguous; possibilities: '--pidfile' '--pretty'")]
    public void Errors_match_glibc(string[] args, string expected)
    {
        GetOptResult result = GetOpt.Parse(args, s_table);
        Assert.Equal(expected, result.Error);
    }

    [Fact]
    public void Short_options_bundle_and_take_attached_or_next_arguments()
    {
        GetOptResult result = GetOpt.Parse(["-Vt5", "-t", "7", "-vdbg", "-v", "-fcsv"], s_table);
        Assert.Null(result.Error);
        Assert.Equal(
            [('V', null), ('t', "5"), ('t', "7"), ('v', "dbg"), ('v', null), ('f', "csv")],
            result.Options.Select(o => ((char)o.Id, o.Argument)).ToArray());
    }

    [Fact]
    public void Long_options_take_prefixes_equals_and_next_word()
    {
        GetOptResult result = GetOpt.Parse(["--form=json", "--data", "bare", "--pid", "--pidfile=/x", "--no-h", "--no-d"], s_table);
        Assert.Null(result.Error);
        Assert.Equal(
            [("format", "json"), ("data", "bare"), ("pidfile", null), ("pidfile", "/x"), ("no-headings", null), ("no-db-change-aware", null)],
            result.Options.Select(o => (o.Spec.Name, o.Argument)).ToArray());
    }

    [Fact]
    public void Optional_argument_is_never_taken_from_the_next_word()
    {
        GetOptResult result = GetOpt.Parse(["--pidfile", "file", "-v", "dbg"], s_table);
        Assert.Null(result.Error);
        Assert.All(result.Options, o => Assert.Null(o.Argument));
        Assert.Equal(["file", "dbg"], result.Operands);
    }

    [Fact]
    public void Exact_match_wins_over_longer_names()
    {
        OptionSpec[] table = [OptionSpec.Long("data", OptionArgument.Required, 1), OptionSpec.Long("data-file", OptionArgument.Required, 2)];
        GetOptResult result = GetOpt.Parse(["--data=x"], table);
        Assert.Null(result.Error);
        Assert.Equal(1, result.Options[0].Id);
    }

    [Fact]
    public void Prefix_of_aliases_is_not_ambiguous()
    {
        OptionSpec[] table = [OptionSpec.Long("verbose", OptionArgument.Optional, 9), OptionSpec.Long("verbosity", OptionArgument.Optional, 9)];
        Assert.Null(GetOpt.Parse(["--verb"], table).Error);
    }

    [Fact]
    public void Operands_are_permuted_after_options_and_double_dash_ends_options()
    {
        GetOptResult result = GetOpt.Parse(["dump", "-f", "csv", "unix:x", "--pretty", "-", "--", "--format", "-t"], s_table);
        Assert.Null(result.Error);
        Assert.Equal(["dump", "unix:x", "-", "--format", "-t"], result.Operands);
        Assert.Equal(['f', 8], result.Options.Select(o => o.Id).ToArray());
    }

    [Fact]
    public void Stop_at_operand_keeps_later_options_as_operands()
    {
        GetOptResult result = GetOpt.Parse(["--pretty", "cmd", "--format=x"], s_table, stopAtOperand: true);
        Assert.Null(result.Error);
        Assert.Equal(["cmd", "--format=x"], result.Operands);
    }

    [Fact]
    public void Options_before_an_error_are_kept()
    {
        GetOptResult result = GetOpt.Parse(["--pretty", "--bogus", "--force"], s_table);
        Assert.Equal("unrecognized option '--bogus'", result.Error);
        Assert.Equal([8], result.Options.Select(o => o.Id).ToArray());
    }
}
