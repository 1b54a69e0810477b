// Captures vlog output for assertions: one log file at DBG for the whole test assembly run. Vlog is process-wide,
// so tests that read the log share this fixture and look for lines naming their own connections.
using Ovs.Common.Logging;

namespace Ovs.Transport.Tests;

public sealed class LogCapture : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ovslog").FullName;

    public LogCapture()
    {
        Vlog.SetLogFile(Path.Combine(_directory, "test.log"));
        Vlog.SetLevels(null, VlogDestination.File, VlogLevel.Dbg);
        Vlog.SetLevels(null, VlogDestination.Console, VlogLevel.Off);
        Vlog.SetRateLimitsHonored((VlogModule?)null, false);
    }

    /// <summary>The log so far, one entry per line, without the timestamp and sequence number prefix.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            string path = Path.Combine(_directory, "test.log");
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return [.. reader.ReadToEnd().Split('\n').Select(StripPrefix)];
        }
    }

    /// <summary>Waits up to five seconds for a line equal to <paramref name="line"/>.</summary>
    public bool WaitFor(string line)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            if (Lines.Contains(line))
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return false;
    }

    public void Dispose()
    {
        Vlog.Close();
        Directory.Delete(_directory, recursive: true);
    }

    // "2026-01-01T00:00:00.000Z|00001|jsonrpc|DBG|text" becomes "jsonrpc|DBG|text".
    private static string StripPrefix(string line)
    {
        int first = line.IndexOf('|', StringComparison.Ordinal);
        int second = first < 0 ? -1 : line.IndexOf('|', first + 1);
        return second < 0 ? line : line[(second + 1)..];
    }
}

[CollectionDefinition("Log")]
public sealed class LogCollection : ICollectionFixture<LogCapture>;
