// Upstream: lib/stream.c and lib/stream-replay.c, the record/replay hooks of stream_open() and pstream_open() (OVS 3.1)
//
// Where streams meet --record and --replay. A listen writes (or, replaying, reads) a file whose first line is its
// outcome ("ok<TAB>PORT" or "error<TAB>ERRNO") and whose later lines name each accepted connection and the file of
// its recorded reads ("FILE<TAB>NAME"); a connect writes a file with its outcome ("ok<TAB>FILE" or
// "error<TAB>ERRNO"). Files are named by OvsReplay.NextFile, in the order the process opens things, which is the
// same in the recorded and the replayed run; accepted connections are named inside their listener's file, since
// accepts on different listeners race.
using Ovs.Common.Replay;

namespace Ovs.Transport.Streams.Replay;

internal static class StreamReplay
{
    private const string Ok = "ok";
    private const string Error = "error";

    /// <summary>Listens through <paramref name="listen"/>, or, replaying, as the recorded run's listen went.</summary>
    public static StreamResult<OvsListener> Listen(string name, Func<StreamResult<OvsListener>> listen)
    {
        if (OvsReplay.Mode == ReplayMode.None)
        {
            return listen();
        }

        string path = OvsReplay.NextFile("listen", name);
        if (OvsReplay.IsReplaying)
        {
            string[] lines = File.Exists(path) ? File.ReadAllLines(path) : [];
            if (lines.Length == 0 || !TryParseOutcome(lines[0], out bool ok, out string value))
            {
                return StreamResult<OvsListener>.Fail(Ovs.Common.OvsErrno.ENOENT);
            }

            if (!ok)
            {
                return StreamResult<OvsListener>.Fail(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
            }

            var accepts = new Queue<(string File, string Name)>();
            foreach (string line in lines.AsSpan(1))
            {
                string[] fields = line.Split('\t', 2);
                if (fields.Length == 2)
                {
                    accepts.Enqueue((fields[0], fields[1]));
                }
            }

            return StreamResult<OvsListener>.Ok(OvsListener.ForReplay(name, int.Parse(value, System.Globalization.CultureInfo.InvariantCulture), accepts));
        }

        StreamResult<OvsListener> result = listen();
        var log = new StreamWriter(path, append: false) { AutoFlush = true };
        log.WriteLine(result.Value is { } listener ? $"{Ok}\t{listener.BoundPort}" : $"{Error}\t{result.Error}");
        if (result.Value is null)
        {
            log.Dispose();
        }
        else
        {
            result.Value.AcceptLog = log;
        }

        return result;
    }

    /// <summary>Recording: notes an accepted connection in its listener's file and records its reads and writes.</summary>
    public static OvsStream RecordAccepted(StreamWriter acceptLog, OvsStream stream)
    {
        string path = OvsReplay.NextFile("stream", stream.Name);
        lock (acceptLog)
        {
            acceptLog.WriteLine($"{Path.GetFileName(path)}\t{stream.Name}");
        }

        return stream.WithRecording(path);
    }

    /// <summary>Replaying: the next recorded accepted connection.</summary>
    public static OvsStream ReplayAccepted(string file, string name) => OvsStream.ForReplay(name, Path.Combine(OvsReplay.Directory, file));

    /// <summary>Connects through <paramref name="open"/>, or, replaying, as the recorded run's connect went.</summary>
    public static async ValueTask<StreamResult<OvsStream>> OpenAsync(string name, Func<ValueTask<StreamResult<OvsStream>>> open)
    {
        if (OvsReplay.Mode == ReplayMode.None)
        {
            return await open().ConfigureAwait(false);
        }

        string path = OvsReplay.NextFile("open", name);
        if (OvsReplay.IsReplaying)
        {
            string? line = File.Exists(path) ? File.ReadLines(path).FirstOrDefault() : null;
            if (line is null || !TryParseOutcome(line, out bool ok, out string value))
            {
                return StreamResult<OvsStream>.Fail(Ovs.Common.OvsErrno.ECONNREFUSED);
            }

            return ok
                ? StreamResult<OvsStream>.Ok(OvsStream.ForReplay(name, Path.Combine(OvsReplay.Directory, value)))
                : StreamResult<OvsStream>.Fail(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        }

        StreamResult<OvsStream> result = await open().ConfigureAwait(false);
        if (result.Value is { } stream)
        {
            string streamPath = OvsReplay.NextFile("stream", name);
            File.WriteAllText(path, $"{Ok}\t{Path.GetFileName(streamPath)}\n");
            return StreamResult<OvsStream>.Ok(stream.WithRecording(streamPath));
        }

        File.WriteAllText(path, $"{Error}\t{result.Error}\n");
        return result;
    }

    private static bool TryParseOutcome(string line, out bool ok, out string value)
    {
        string[] fields = line.Split('\t', 2);
        ok = fields[0] == Ok;
        value = fields.Length == 2 ? fields[1] : "";
        return fields.Length == 2 && (ok || fields[0] == Error);
    }
}
