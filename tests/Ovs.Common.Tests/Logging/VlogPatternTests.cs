using Ovs.Common.Logging;

namespace Ovs.Common.Tests.Logging;

public sealed class VlogPatternTests
{
    private static readonly DateTimeOffset s_time = new(2026, 11, 25, 22, 7, 15, 302, TimeSpan.Zero);

    private static VlogEvent Event(string message = "hello", long sequence = 1, string? subprogram = null) =>
        new("jsonrpc", VlogLevel.Dbg, message, sequence, s_time, 0, subprogram, 16);

    // Expected strings were recorded from ovsdb-client 3.1.0 with the same pattern (program name aside).
    [Theory]
    [InlineData("%D{%Y-%m-%dT%H:%M:%SZ}|%05N|%c%T|%p|%m", "2026-11-25T22:07:15Z|00001|jsonrpc|DBG|hello")]
    [InlineData("%D{%Y-%m-%dT%H:%M:%S.###Z}|%05N|%c%T|%p|%m", "2026-11-25T22:07:15.302Z|00001|jsonrpc|DBG|hello")]
    [InlineData("[%c|%N|%n|%p|%r|%t|%T|%%|%-10c|%10c|%05N|%5p|%-7p]", "[jsonrpc|1|\n|DBG|0|main||%|jsonrpc   |   jsonrpc|00001|  DBG|DBG    ]")]
    [InlineData("[%D|%D{%H:%M:%S.###}|%D{%H:%M:%S.##}]", "[2026-11-25 22:07:15.302|22:07:15.302|22:07:15.30]")]
    [InlineData("[%5c][%-5c][%05c][%-05N][%5m][%H]", "[jsonrpc][jsonrpc][jsonrpc][10000][hello][H]")]
    [InlineData("%B", "135")]
    public void FormatsLikeUpstream(string pattern, string expected) => Assert.Equal(expected, VlogPattern.Format(pattern, Event()));

    // Facility local0 (16) plus the level's syslog priority. INFO's <133> is what Debian's ovsdb-server 3.1.0 writes
    // with -vPATTERN:file:"<%B>1 %A %m" (INFO maps to LOG_NOTICE, not LOG_INFO); the other priorities are those of
    // vlog.h's level table (EMER is LOG_ALERT).
    [Theory]
    [InlineData(VlogLevel.Emer, "129")]
    [InlineData(VlogLevel.Err, "131")]
    [InlineData(VlogLevel.Warn, "132")]
    [InlineData(VlogLevel.Info, "133")]
    [InlineData(VlogLevel.Dbg, "135")]
    public void PriorityUsesUpstreamsSyslogLevels(VlogLevel level, string expected) =>
        Assert.Equal(expected, VlogPattern.Format("%B", new VlogEvent("vlog", level, "m", 1, s_time, 0, null, 16)));

    [Fact]
    public void StrftimeSubsetMatchesGlibc()
    {
        var t = new DateTimeOffset(2026, 11, 25, 22, 9, 8, 559, TimeSpan.Zero);
        Assert.Equal(
            "25|Nov|22:09:08|329|Wed|Nov|26|UTC|+0000|1795644548|10|PM|08.5590|559",
            Strftime.Format("%e|%h|%T|%j|%a|%b|%y|%Z|%z|%s|%I|%p|%S.####|###", t));
        Assert.Equal(" 5", Strftime.Format("%e", new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void SubprogramNameAppearsInParenthesesForNamedThreads()
    {
        Assert.Equal("jsonrpc(pmd7)|pmd7", VlogPattern.Format("%c%T|%t", Event(subprogram: "pmd7")));
    }

    [Fact]
    public void SequenceWiderThanWidthIsNotTruncated()
    {
        Assert.Equal("123456", VlogPattern.Format("%05N", Event(sequence: 123456)));
    }
}
