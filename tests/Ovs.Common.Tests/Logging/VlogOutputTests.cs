using Ovs.Common.Logging;

namespace Ovs.Common.Tests.Logging;

[Collection(VlogCollection.Name)]
public sealed class VlogOutputTests : IDisposable
{
    private readonly StringWriter _console = new();
    private readonly FakeTime _time = new(new DateTimeOffset(2026, 11, 25, 22, 7, 15, 302, TimeSpan.Zero));
    private readonly string _dir = Directory.CreateTempSubdirectory("vlogtest").FullName;

    public VlogOutputTests()
    {
        Vlog.SetLevels(null, null, VlogLevel.Info);
        Vlog.SetLevels(null, VlogDestination.Syslog, VlogLevel.Off);
        Vlog.SetPattern(VlogDestination.Console, "%c|%p|%m");
        Vlog.SetPattern(VlogDestination.File, Vlog.DefaultFilePattern);
        Vlog.ConsoleOverride = _console;
        Vlog.Time = _time;
    }

    public void Dispose()
    {
        Vlog.Close();
        Vlog.ConsoleOverride = null;
        Vlog.Time = TimeProvider.System;
        Vlog.SetLevels(null, null, VlogLevel.Info);
        Vlog.SetPattern(VlogDestination.Console, Vlog.DefaultConsolePattern);
        Directory.Delete(_dir, true);
    }

    private string[] ConsoleLines() => _console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void DisabledLevelsSkipFormatting()
    {
        VlogModule log = VlogModule.Get("test_output");
        int formatted = 0;
        string Count() => (++formatted).ToString(System.Globalization.CultureInfo.InvariantCulture);
        log.Dbg($"debug {Count()}");
        log.Info($"info {Count()}");
        Assert.Equal(1, formatted);
        Assert.Equal(["test_output|INFO|info 1"], ConsoleLines());
    }

    [Fact]
    public void RateLimiterDropsAndReportsSummary()
    {
        VlogModule log = VlogModule.Get("test_rl");
        var rl = new VlogRateLimit(1, 2, _time);
        for (int i = 0; i < 5; i++)
        {
            log.Warn(rl, $"message {i}");
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(3, rl.DroppedCount);
        _time.Advance(TimeSpan.FromSeconds(60));
        log.Warn(rl, "after");
        Assert.Equal(
            [
                "test_rl|WARN|message 0",
                "test_rl|WARN|message 1",
                "test_rl|WARN|Dropped 3 log messages in last 63 seconds (most recently, 61 seconds ago) due to excessive rate",
                "test_rl|WARN|after",
            ],
            ConsoleLines());
    }

    [Fact]
    public void DisableRateLimitLetsEverythingThrough()
    {
        VlogModule log = VlogModule.Get("test_norl");
        var rl = new VlogRateLimit(1, 1, _time);
        Assert.Equal("unknown module", Vlog.SetRateLimitsHonored(["no_such_module"], false));
        Assert.Null(Vlog.SetRateLimitsHonored(["test_norl"], false));
        for (int i = 0; i < 4; i++)
        {
            log.Warn(rl, "x");
        }

        Assert.Null(Vlog.SetRateLimitsHonored(["any"], true));
        Assert.True(log.HonorRateLimits);
        Assert.Equal(4, ConsoleLines().Length);
    }

    [Fact]
    public void LogFileOpenWriteReopenClose()
    {
        VlogModule log = VlogModule.Get("test_file");
        string path = Path.Combine(_dir, "x.log");
        Vlog.SetLevels(null, VlogDestination.Console, VlogLevel.Off);
        Assert.False(log.IsEnabled(VlogLevel.Info));
        Assert.Null(Vlog.SetLogFile(path));
        Assert.True(log.IsEnabled(VlogLevel.Info));
        log.Info("first");
        Assert.Null(Vlog.Reopen());
        File.Move(path, path + ".1");
        Assert.Null(Vlog.Reopen());
        log.Info("second");
        Vlog.Close();
        log.Info("lost");

        string[] rotated = File.ReadAllLines(path + ".1");
        Assert.Equal(2, rotated.Length);
        Assert.True(rotated[0].StartsWith("2026-11-25T22:07:15.302Z|", StringComparison.Ordinal), rotated[0]);
        Assert.Matches(@"^2026-11-25T22:07:15\.302Z\|\d{5}\|vlog\|INFO\|opened log file " + System.Text.RegularExpressions.Regex.Escape(path) + "$", rotated[0]);
        Assert.EndsWith("|test_file|INFO|first", rotated[1], StringComparison.Ordinal);
        string[] current = File.ReadAllLines(path);
        Assert.Equal(2, current.Length);
        Assert.EndsWith("|vlog|INFO|opened log file " + path, current[0], StringComparison.Ordinal);
        Assert.EndsWith("|test_file|INFO|second", current[1], StringComparison.Ordinal);
    }

    [Fact]
    public void UnopenableLogFileWarnsWithStrerror()
    {
        string path = Path.Combine(_dir, "missing", "x.log");
        Assert.Equal("No such file or directory", Vlog.SetLogFile(path));
        Assert.Equal([$"vlog|WARN|failed to open {path} for logging: No such file or directory"], ConsoleLines());
    }

    [Fact]
    public void SequenceNumbersIncreasePerMessage()
    {
        Vlog.SetPattern(VlogDestination.Console, "%N");
        VlogModule log = VlogModule.Get("test_seq");
        log.Info("a");
        log.Info("b");
        long[] seq = [.. ConsoleLines().Select(long.Parse)];
        Assert.Equal(seq[0] + 1, seq[1]);
    }
}
