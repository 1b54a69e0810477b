// Upstream: lib/uuid.c, uuid_generate() with record/replay (OVS 3.1)
//
// Where every random UUID of a daemon comes from (row UUIDs, row versions, the server ID). Normally random; when
// recording, each one is also appended to the replay file; when replaying, they are read back in order, so the
// replayed run names its rows exactly as the recorded one did. Thread-safe.
namespace Ovs.Common.Replay;

/// <summary>The source of random UUIDs, recorded and replayed with the rest of the process's input.</summary>
public static class UuidSource
{
    private static readonly Lock s_lock = new();
    private static ReplayMode s_mode;
    private static StreamWriter? s_writer;
    private static StreamReader? s_reader;

    /// <summary>A new random UUID (or the next recorded one when replaying).</summary>
    public static Guid NewUuid()
    {
        if (s_mode == ReplayMode.None)
        {
            return Guid.NewGuid();
        }

        lock (s_lock)
        {
            if (s_mode == ReplayMode.Replay)
            {
                s_reader ??= new StreamReader(Path.Combine(OvsReplay.Directory, FileName));
                string? line = s_reader.ReadLine();
                return line is not null && Guid.TryParse(line, out Guid recorded)
                    ? recorded
                    : throw new InvalidOperationException($"{FileName}: no more recorded UUIDs to replay");
            }

            Guid uuid = Guid.NewGuid();
            s_writer ??= new StreamWriter(Path.Combine(OvsReplay.Directory, FileName), append: false) { AutoFlush = true };
            s_writer.WriteLine(uuid.ToString());
            return uuid;
        }
    }

    private const string FileName = "replay_uuid_generate";

    internal static void Configure(ReplayMode mode)
    {
        lock (s_lock)
        {
            s_writer?.Dispose();
            s_reader?.Dispose();
            s_writer = null;
            s_reader = null;
            s_mode = mode;
        }
    }
}
