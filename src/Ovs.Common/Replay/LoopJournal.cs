// Upstream: the global sequence numbers of lib/ovs-replay.c (OVS 3.1), kept here per main loop
//
// The order in which a main loop handled events from outside (a message read from a connection, an accepted
// connection, a timer expiry), with the clock readings at each. Every such event is posted with a tag that names
// it the same way in every run ("unix#3:7": the 8th event from connection unix#3; "timer#2:5": the 6th expiry of
// the loop's third timer). Recording appends "MONOTONIC-MS<TAB>WALL-TICKS<TAB>TAG" lines as the loop runs the
// events; replaying reads them back so the loop can hold each event until its turn and set its clock first.
using System.Globalization;

namespace Ovs.Common.Replay;

/// <summary>A main loop's recorded order of outside events (see <see cref="MainLoop.PostInput"/>).</summary>
public sealed class LoopJournal : IDisposable
{
    private readonly StreamWriter? _writer;
    private readonly Queue<(long Ms, DateTimeOffset Wall, string Tag)> _entries = new();

    private LoopJournal(StreamWriter? writer, ReplayClock? clock)
    {
        _writer = writer;
        Clock = clock;
    }

    /// <summary>True when recording, false when replaying.</summary>
    public bool IsRecording => _writer is not null;

    /// <summary>When replaying, the clock that the journal sets to each event's recorded time.</summary>
    public ReplayClock? Clock { get; }

    /// <summary>Starts recording into <paramref name="path"/> (replacing it).</summary>
    public static LoopJournal Record(string path) => new(new StreamWriter(path, append: false) { AutoFlush = true }, null);

    /// <summary>Reads <paramref name="path"/> for replay; the loop should run on <paramref name="clock"/>.</summary>
    public static LoopJournal Replay(string path, ReplayClock clock)
    {
        var journal = new LoopJournal(null, clock);
        foreach (string line in File.ReadLines(path))
        {
            string[] fields = line.Split('\t', 3);
            if (fields.Length == 3
                && long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long ms)
                && long.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long ticks))
            {
                journal._entries.Enqueue((ms, new DateTimeOffset(ticks, TimeSpan.Zero), fields[2]));
            }
        }

        return journal;
    }

    /// <summary>Recording: notes that the loop is about to run the event <paramref name="tag"/>.</summary>
    public void Write(string tag, long monotonicMs, DateTimeOffset wall) =>
        _writer?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{monotonicMs}\t{wall.UtcTicks}\t{tag}"));

    /// <summary>Replaying: the next event to run, or false once every recorded event has run.</summary>
    public bool TryPeek(out string tag)
    {
        bool any = _entries.TryPeek(out (long Ms, DateTimeOffset Wall, string Tag) next);
        tag = any ? next.Tag : "";
        return any;
    }

    /// <summary>Replaying: consumes the next event and sets the clock to its recorded time.</summary>
    public void Advance()
    {
        (long ms, DateTimeOffset wall, _) = _entries.Dequeue();
        Clock?.Set(ms, wall);
    }

    public void Dispose() => _writer?.Dispose();
}
