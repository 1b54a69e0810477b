// Captures what vlog modules print to the console, as "module|LEVEL|message" lines, for tests that check upstream's
// log lines in process. Vlog is process-wide: tests using this must not run in parallel with other vlog users
// (put them in one collection with DisableParallelization). Disposing restores the console output.
using Ovs.Common.Logging;

namespace Ovs.TestKit;

public sealed class VlogCapture : IDisposable
{
    private readonly StringWriter _console = new();
    private readonly TextWriter _synchronized;

    public VlogCapture()
    {
        // Daemon code logs from pool threads too; TextWriter.Synchronized locks on the wrapper, as Lines does.
        _synchronized = TextWriter.Synchronized(_console);
        Vlog.SetLevels(null, VlogDestination.Console, VlogLevel.Info);
        Vlog.SetPattern(VlogDestination.Console, "%c|%p|%m");
        Vlog.ConsoleOverride = _synchronized;
    }

    /// <summary>The lines logged so far.</summary>
    public string[] Lines
    {
        get
        {
            lock (_synchronized)
            {
                return _console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
        }
    }

    public void Dispose()
    {
        Vlog.ConsoleOverride = null;
        Vlog.SetPattern(VlogDestination.Console, Vlog.DefaultConsolePattern);
    }
}
