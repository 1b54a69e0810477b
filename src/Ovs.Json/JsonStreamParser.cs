// Upstream: lib/json.c, struct json_parser and json_parser_feed()/json_parser_finish() (OVS 3.1)
//
// An incremental parser for a stream of concatenated JSON values, as JSON-RPC over a socket and the OVSDB log
// use them: feed it bytes as they arrive; it consumes bytes up to the end of one complete value and then stops,
// so the caller can take the value and feed the rest to a fresh parse. Invariants:
// - at most MaxHeight nested arrays/objects ("input exceeds maximum nesting depth 1000");
// - the input must be valid UTF-8; strings may not contain unescaped control characters or NUL;
// - only an object or an array may stand at top level ("syntax error at beginning of input" otherwise).
// Errors are sticky: after the first one the parser consumes nothing more.
namespace Ovs.Json;

/// <summary>An incremental JSON parser over a byte stream.</summary>
public sealed partial class JsonStreamParser
{
    /// <summary>Maximum nesting of arrays and objects.</summary>
    public const int MaxHeight = 1000;

    private readonly bool _checkTrailer;

    /// <summary>A parser for a stream: it stops consuming input at the end of each complete value.</summary>
    public JsonStreamParser()
    {
    }

    /// <summary>
    /// With <paramref name="checkTrailer"/>, the parser keeps lexing after the value, so that anything but white
    /// space after it is "trailing garbage at end of input" (as upstream's JSPF_TRAILER).
    /// </summary>
    public JsonStreamParser(bool checkTrailer)
    {
        _checkTrailer = checkTrailer;
    }

    /// <summary>True once a complete value has been parsed, or an error found.</summary>
    public bool IsDone { get; private set; }

    /// <summary>The first error, already formatted with its position, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Feeds bytes; returns how many were consumed (fewer than given once a value is complete).</summary>
    public int Feed(ReadOnlySpan<byte> data)
    {
        int i = 0;
        while (i < data.Length && !IsDone)
        {
            FeedByte(data[i]);
            if (_reprocess)
            {
                _reprocess = false;
                continue;
            }

            i++;
        }

        return i;
    }

    /// <summary>Ends the input: returns the value, or null with the error.</summary>
    public JsonValue? Finish(out string? error)
    {
        if (Error is null)
        {
            FinishLexer();
        }

        if (Error is null && _result is null)
        {
            SetError(_started ? "unexpected end of input" : "empty input stream");
        }

        error = Error;
        return Error is null ? _result : null;
    }

    private void SetError(string message)
    {
        if (Error is null)
        {
            Error = $"line {_line}, column {_column}, byte {_byte}: {message}";
            IsDone = true;
        }
    }

}
