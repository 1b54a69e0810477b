using Ovs.Common.Diagnostics;

namespace Ovs.Common.Tests.Diagnostics;

public sealed class CoverageAndMemoryTests
{
    [Fact]
    public void ShowUsesUpstreamLayoutAndRates()
    {
        CoverageCounter counter = CoverageCounter.Get("test_util_xalloc");
        CoverageCounters.Register("test_never_hit");
        counter.Add(13539);
        Assert.Equal(13539, CoverageCounters.ReadCounter("test_util_xalloc"));
        Assert.DoesNotContain("test_util_xalloc", CoverageCounters.ShowText(), StringComparison.Ordinal);

        CoverageCounters.Snapshot();
        string text = CoverageCounters.ShowText();
        string[] lines = text.Split('\n');
        Assert.Matches("^Event coverage, avg rate over last: 5 seconds, last minute, last hour,  hash=[0-9a-f]{8}:$", lines[0]);

        // Same numbers as a real ovsdb-server line recorded 5 seconds after start:
        // "util_xalloc              2707.8/sec   225.650/sec        3.7608/sec   total: 13539".
        Assert.Contains("test_util_xalloc         2707.8/sec   225.650/sec        3.7608/sec   total: 13539", lines);
        Assert.Matches(@"^\d+ events never hit$", lines[^2]);
        Assert.Equal(string.Empty, lines[^1]);
        Assert.Null(CoverageCounters.ReadCounter("no_such_counter"));
    }

    [Fact]
    public void RatesSlideOverTheMinute()
    {
        var counter = CoverageCounter.Get("test_sliding");
        counter.Add(60);
        counter.Snapshot();
        for (int i = 0; i < 11; i++)
        {
            counter.Snapshot();
        }

        (double five, double minute, double hour) = counter.Rates();
        Assert.Equal(0, five);
        Assert.Equal(1.0, minute);
        Assert.Equal(60 / 3600.0, hour, 6);
        counter.Snapshot();
        (_, double minuteAfter, double hourAfter) = counter.Rates();
        Assert.Equal(0, minuteAfter);
        Assert.Equal(60 / 3600.0, hourAfter, 6);
    }

    [Fact]
    public void MemoryShowSortsFactsFromAllProviders()
    {
        MemoryReport.Register(static facts => facts["test-monitors"] = 2);
        MemoryReport.Register(static facts => facts["test-cells"] = 1234);
        string text = MemoryReport.ShowText();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Contains("test-cells:1234 test-monitors:2", text, StringComparison.Ordinal);
    }
}
