// Upstream: parse_ofp_flow_mod_file() of lib/ofp-flow.c (OVS 3.1), the reading half.
//
// A file of flows for ovs-ofctl: one flow per line, '#' starts a comment, blank lines are skipped, "-" is standard
// input. The lines can be read twice, so a command that must see every flow before printing the first (parse-flows
// chooses one protocol for all of them) need not keep a parsed model of each: a regular file is read again from its
// start; only input that cannot seek (standard input, a pipe) has its lines kept in memory for the second reading.
using System.Text;
using Ovs.Cli;
using Ovs.Common;

namespace Ovs.Programs.OvsOfctl;

internal sealed class FlowFile : IDisposable
{
    private readonly TextReader _reader;
    private readonly Stream? _stream;
    private List<(int Number, string Text)>? _kept;
    private bool _read;

    private FlowFile(string name, TextReader reader, Stream? stream)
    {
        Name = name;
        _reader = reader;
        _stream = stream;
    }

    public string Name { get; }

    /// <summary>Opens <paramref name="fileName"/> ("-" for standard input); CliException as upstream words a failure.</summary>
    public static FlowFile Open(string fileName)
    {
        if (fileName == "-")
        {
            return new FlowFile(fileName, Console.In, null);
        }

        try
        {
            var stream = new FileStream(fileName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
            return new FlowFile(fileName, new StreamReader(stream, Encoding.Latin1, false, 1 << 16), stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{fileName}: open failed ({OvsErrno.StrError(OvsErrno.FromException(e))})");
        }
    }

    /// <summary>
    /// The flow lines with their line numbers. The first call reads the input; a later call reads it again from the
    /// start (or replays the kept lines when the input cannot seek).
    /// </summary>
    public IEnumerable<(int Number, string Text)> Lines()
    {
        if (!_read)
        {
            _read = true;
            if (_stream is not { CanSeek: true })
            {
                _kept = [];
            }

            return ReadLines();
        }

        if (_kept is not null)
        {
            return _kept;
        }

        _stream!.Seek(0, SeekOrigin.Begin);
        ((StreamReader)_reader).DiscardBufferedData();
        return ReadLines();
    }

    public void Dispose()
    {
        if (_stream is not null)
        {
            _reader.Dispose();
        }
    }

    private IEnumerable<(int Number, string Text)> ReadLines()
    {
        int number = 0;
        while (_reader.ReadLine() is { } line)
        {
            number++;
            int comment = line.IndexOf('#', StringComparison.Ordinal);
            if (comment >= 0)
            {
                line = line[..comment];
            }

            if (line.AsSpan().Trim(" \t\r\n\v\f").IsEmpty)
            {
                continue;
            }

            _kept?.Add((number, line));
            yield return (number, line);
        }
    }
}
