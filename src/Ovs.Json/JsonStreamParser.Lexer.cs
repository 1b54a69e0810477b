// Upstream: lib/json.c, json_lex_input() and the json_lex_* helpers (OVS 3.1)
using System.Globalization;
using System.Text;

namespace Ovs.Json;

public sealed partial class JsonStreamParser
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private enum LexState
    {
        Start,
        Keyword,
        Number,
        String,
        StringEscape,
    }

    private LexState _lexState;
    private readonly List<byte> _token = [];
    private bool _reprocess;
    private int _line;
    private int _column;
    private int _byte;

    private void FeedByte(byte b)
    {
        switch (_lexState)
        {
            case LexState.Start:
                LexStart(b);
                break;
            case LexState.Keyword:
                if (b is >= (byte)'a' and <= (byte)'z' || b is >= (byte)'A' and <= (byte)'Z')
                {
                    _token.Add(b);
                    break;
                }

                FinishKeyword();
                _lexState = LexState.Start;
                _reprocess = true;
                return;
            case LexState.Number:
                if (b is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'-' or (byte)'+' || b is >= (byte)'0' and <= (byte)'9')
                {
                    _token.Add(b);
                    break;
                }

                FinishNumber();
                _lexState = LexState.Start;
                _reprocess = true;
                return;
            case LexState.String:
                if (b == (byte)'\\')
                {
                    _token.Add(b);
                    _lexState = LexState.StringEscape;
                }
                else if (b == (byte)'"')
                {
                    FinishString();
                    _lexState = LexState.Start;
                }
                else if (b < 0x20)
                {
                    SetError(string.Create(CultureInfo.InvariantCulture, $"U+{b:X4} must be escaped in quoted string"));
                }
                else
                {
                    _token.Add(b);
                }

                break;
            case LexState.StringEscape:
                _token.Add(b);
                _lexState = LexState.String;
                break;
        }

        if (!IsDone || Error is null)
        {
            Advance(b);
        }
    }

    private void Advance(byte b)
    {
        _byte++;
        if (b == (byte)'\n')
        {
            _line++;
            _column = 0;
        }
        else
        {
            _column++;
        }
    }

    private void LexStart(byte b)
    {
        switch (b)
        {
            case (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r':
                break;
            case (byte)'a' or (byte)'b' or (byte)'c' or (byte)'d' or (byte)'e' or (byte)'f' or (byte)'g' or (byte)'h'
                or (byte)'i' or (byte)'j' or (byte)'k' or (byte)'l' or (byte)'m' or (byte)'n' or (byte)'o' or (byte)'p'
                or (byte)'q' or (byte)'r' or (byte)'s' or (byte)'t' or (byte)'u' or (byte)'v' or (byte)'w' or (byte)'x'
                or (byte)'y' or (byte)'z':
                _token.Clear();
                _token.Add(b);
                _lexState = LexState.Keyword;
                break;
            case (byte)'{' or (byte)'}' or (byte)'[' or (byte)']' or (byte)':' or (byte)',':
                ParseToken(new Token((char)b, null));
                break;
            case (byte)'-' or >= (byte)'0' and <= (byte)'9':
                _token.Clear();
                _token.Add(b);
                _lexState = LexState.Number;
                break;
            case (byte)'"':
                _token.Clear();
                _lexState = LexState.String;
                break;
            default:
                SetError(b is >= 0x20 and < 0x7f
                    ? $"invalid character '{(char)b}'"
                    : string.Create(CultureInfo.InvariantCulture, $"invalid character U+{b:x4}"));
                break;
        }
    }

    private void FinishLexer()
    {
        switch (_lexState)
        {
            case LexState.String or LexState.StringEscape:
                SetError("unexpected end of input in quoted string");
                break;
            case LexState.Keyword or LexState.Number:
                // As upstream, the end of input acts as one more white-space byte: it ends the pending token and
                // counts towards the reported position unless the token itself is in error.
                Feed(" "u8);
                break;
        }

        _lexState = LexState.Start;
    }

    private void FinishKeyword()
    {
        string word = Encoding.ASCII.GetString(_token.ToArray());
        switch (word)
        {
            case "true":
                ParseToken(new Token('v', JsonValue.True));
                break;
            case "false":
                ParseToken(new Token('v', JsonValue.False));
                break;
            case "null":
                ParseToken(new Token('v', JsonValue.Null));
                break;
            default:
                SetError($"invalid keyword '{word}'");
                break;
        }
    }

    private void FinishString()
    {
        string? s = DecodeString(_token);
        if (s is not null)
        {
            ParseToken(new Token('s', new JsonString(s)));
        }
    }

    private string? DecodeString(List<byte> raw)
    {
        byte[] bytes = raw.ToArray();
        string text;
        try
        {
            text = s_strictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            SetError("invalid UTF-8 in quoted string");
            return null;
        }

        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (++i >= text.Length)
            {
                SetError("quoted string may not end with backslash");
                return null;
            }

            c = text[i];
            if (JsonEscapes.TryDecodeSimple(c, out char simple))
            {
                sb.Append(simple);
                continue;
            }

            switch (c)
            {
                case 'u':
                    if (!TryHex4(text, i + 1, out int cp, out string? hexError))
                    {
                        SetError(hexError!);
                        return null;
                    }

                    i += 4;
                    if (cp == 0)
                    {
                        SetError("null bytes not supported in quoted strings");
                        return null;
                    }

                    if (cp is >= 0xd800 and <= 0xdbff)
                    {
                        if (i + 2 >= text.Length || text[i + 1] != '\\' || text[i + 2] != 'u')
                        {
                            SetError("malformed escaped surrogate pair");
                            return null;
                        }

                        if (!TryHex4(text, i + 3, out int low, out hexError))
                        {
                            SetError(hexError!);
                            return null;
                        }

                        if (low is < 0xdc00 or > 0xdfff)
                        {
                            SetError("second half of escaped surrogate pair is not trailing surrogate");
                            return null;
                        }

                        i += 6;
                        sb.Append((char)cp).Append((char)low);
                    }
                    else
                    {
                        sb.Append((char)cp);
                    }

                    break;
                default:
                    SetError($"bad escape \\{c}");
                    return null;
            }
        }

        return sb.ToString();
    }

    private static bool TryHex4(string text, int start, out int value, out string? error)
    {
        value = 0;
        error = null;
        if (start + 4 > text.Length)
        {
            error = "quoted string ends within \\u escape";
            return false;
        }

        if (!int.TryParse(text.AsSpan(start, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
        {
            error = "malformed \\u escape";
            return false;
        }

        return true;
    }

    private void FinishNumber()
    {
        string s = Encoding.ASCII.GetString(_token.ToArray());
        JsonValue? v = JsonNumber.Parse(s, out string? error);
        if (v is null)
        {
            SetError(error!);
        }
        else
        {
            ParseToken(new Token('v', v));
        }
    }
}
