using Ovs.Common.Logging;

namespace Ovs.Common.Tests.Logging;

[Collection(VlogCollection.Name)]
public sealed class VlogSpecTests : IDisposable
{
    public VlogSpecTests()
    {
        VlogModule.Register("jsonrpc", "reconnect", "backtrace", "dpif_lookup_autovalidator");
        Reset();
    }

    public void Dispose() => Reset();

    private static void Reset()
    {
        Vlog.SetLevels(null, null, VlogLevel.Info);
        Vlog.SetPattern(VlogDestination.Console, Vlog.DefaultConsolePattern);
        Vlog.SetPattern(VlogDestination.File, Vlog.DefaultFilePattern);
        Vlog.SetPattern(VlogDestination.Syslog, Vlog.DefaultSyslogPattern);
        Vlog.Set("FACILITY:local0");
    }

    // Error texts recorded from ovsdb-tool -vSPEC and ovs-appctl vlog/set SPEC (3.1.0).
    [Theory]
    [InlineData("foo:bar", "no destination, level, or module \"foo\"")]
    [InlineData("console:dbg:xx", "no destination, level, or module \"xx\"")]
    [InlineData("console:console", "cannot specify multiple destinations")]
    [InlineData("syslog:off:file", "cannot specify multiple destinations")]
    [InlineData("console,file:dbg", "cannot specify multiple destinations")]
    [InlineData("info:warn", "cannot specify multiple levels")]
    [InlineData("jsonrpc:reconnect", "cannot specify multiple modules")]
    [InlineData("PATTERN", "missing destination")]
    [InlineData("PATTERN:foo:x", "unknown destination \"foo\"")]
    [InlineData("FACILITY", "invalid facility")]
    [InlineData("FACILITY:bogus", "invalid facility")]
    [InlineData("FACILITY:any", "invalid facility")]
    public void BadSpecGivesUpstreamError(string spec, string expected) => Assert.Equal(expected, Vlog.Set(spec));

    [Theory]
    [InlineData("any:any:any")]
    [InlineData("any:console:any")]
    [InlineData("dbg:any:console")]
    [InlineData("console,,dbg")]
    [InlineData("CONSOLE:dbg")]
    [InlineData("JSONRPC:console:OFF")]
    [InlineData("PATTERN:console")]
    [InlineData("facility:daemon")]
    public void GoodSpecIsAccepted(string spec) => Assert.Null(Vlog.Set(spec));

    [Fact]
    public void VerbosityErrorIsPrefixedWithProcessing()
    {
        Assert.Equal("processing \"foo:bar\": no destination, level, or module \"foo\"", Vlog.SetVerbosity("foo:bar"));
    }

    [Fact]
    public void SpecSetsOnlyTheNamedModuleAndDestination()
    {
        VlogModule jsonrpc = VlogModule.Get("jsonrpc");
        VlogModule reconnect = VlogModule.Get("reconnect");
        Assert.Null(Vlog.Set("jsonrpc:file:dbg"));
        Assert.Equal(VlogLevel.Dbg, jsonrpc.GetLevel(VlogDestination.File));
        Assert.Equal(VlogLevel.Info, jsonrpc.GetLevel(VlogDestination.Console));
        Assert.Equal(VlogLevel.Info, reconnect.GetLevel(VlogDestination.File));
        Assert.Null(Vlog.Set("reconnect off"));
        Assert.Equal(VlogLevel.Off, reconnect.GetLevel(VlogDestination.Syslog));
        Assert.False(reconnect.IsEnabled(VlogLevel.Emer));
        Assert.Null(Vlog.SetVerbosity(null));
        Assert.True(reconnect.IsEnabled(VlogLevel.Dbg));
    }

    [Fact]
    public void ListTextUsesUpstreamColumns()
    {
        Assert.Null(Vlog.Set("console:off"));
        string[] lines = Vlog.ListText().Split('\n');
        Assert.Equal("                 console    syslog    file", lines[0]);
        Assert.Equal("                 -------    ------    ------", lines[1]);
        Assert.Contains("backtrace          OFF       INFO       INFO", lines);
        Assert.Contains("dpif_lookup_autovalidator   OFF       INFO       INFO", lines);
        string[] names = [.. lines.Skip(2).Where(l => l.Length > 0).Select(l => l.Split(' ')[0])];
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
    }

    [Fact]
    public void ListPatternMatchesUpstreamDefaultsAndChanges()
    {
        Assert.Equal(
            "         prefix                            format\n" +
            "         ------                            ------\n" +
            "SYSLOG   <%B> %D{%h %e %T} %E %A:          ovs|%05N|%c%T|%p|%m\n" +
            "CONSOLE  none                              %D{%Y-%m-%dT%H:%M:%SZ}|%05N|%c%T|%p|%m\n" +
            "FILE     none                              %D{%Y-%m-%dT%H:%M:%S.###Z}|%05N|%c%T|%p|%m\n",
            Vlog.ListPattern());
        Assert.Null(Vlog.Set("PATTERN:file:%m:x"));
        Assert.EndsWith("FILE     none                              %m:x\n", Vlog.ListPattern(), StringComparison.Ordinal);
    }

    [Fact]
    public void FacilityChangesSyslogPriority()
    {
        Assert.Null(Vlog.Set("FACILITY:daemon"));
        Assert.Equal(3, Vlog.SyslogFacility);
    }
}
