// Upstream: lib/json.c, json_parse_input() and the parser stack (OVS 3.1)
namespace Ovs.Json;

public sealed partial class JsonStreamParser
{
    private enum ParseState
    {
        Start,
        End,
        ObjectInit,
        ObjectName,
        ObjectColon,
        ObjectValue,
        ObjectNext,
        ArrayInit,
        ArrayValue,
        ArrayNext,
    }

    /// <summary>A token: a punctuation character, 's' for a string, or 'v' for any other scalar value.</summary>
    private readonly record struct Token(char Kind, JsonValue? Value);

    private readonly Stack<JsonValue> _stack = new();
    private ParseState _parseState;
    private string? _memberName;
    private JsonValue? _result;
    private bool _started;

    private void ParseToken(Token token)
    {
        _started = true;
        switch (_parseState)
        {
            case ParseState.Start:
                if (token.Kind == '{')
                {
                    Push(new JsonObject(), ParseState.ObjectInit);
                }
                else if (token.Kind == '[')
                {
                    Push(new JsonArray(), ParseState.ArrayInit);
                }
                else
                {
                    SetError("syntax error at beginning of input");
                }

                break;
            case ParseState.End:
                SetError("trailing garbage at end of input");
                break;
            case ParseState.ObjectInit:
                if (token.Kind == '}')
                {
                    Pop();
                    break;
                }

                ParseObjectName(token);
                break;
            case ParseState.ObjectName:
                ParseObjectName(token);
                break;
            case ParseState.ObjectColon:
                if (token.Kind != ':')
                {
                    SetError("syntax error parsing object expecting ':'");
                    break;
                }

                _parseState = ParseState.ObjectValue;
                break;
            case ParseState.ObjectValue:
                ParseValue(token, ParseState.ObjectNext);
                break;
            case ParseState.ObjectNext:
                if (token.Kind == ',')
                {
                    _parseState = ParseState.ObjectName;
                }
                else if (token.Kind == '}')
                {
                    Pop();
                }
                else
                {
                    SetError("syntax error expecting '}' or ','");
                }

                break;
            case ParseState.ArrayInit:
                if (token.Kind == ']')
                {
                    Pop();
                    break;
                }

                ParseValue(token, ParseState.ArrayNext);
                break;
            case ParseState.ArrayValue:
                ParseValue(token, ParseState.ArrayNext);
                break;
            case ParseState.ArrayNext:
                if (token.Kind == ',')
                {
                    _parseState = ParseState.ArrayValue;
                }
                else if (token.Kind == ']')
                {
                    Pop();
                }
                else
                {
                    SetError("syntax error expecting ']' or ','");
                }

                break;
        }
    }

    private void ParseObjectName(Token token)
    {
        if (token.Kind != 's')
        {
            SetError("syntax error parsing object expecting string");
            return;
        }

        _memberName = ((JsonString)token.Value!).Value;
        _parseState = ParseState.ObjectColon;
    }

    private void ParseValue(Token token, ParseState next)
    {
        if (token.Value is not null)
        {
            PutValue(token.Value);
            _parseState = next;
        }
        else if (token.Kind == '{')
        {
            Push(new JsonObject(), ParseState.ObjectInit);
        }
        else if (token.Kind == '[')
        {
            Push(new JsonArray(), ParseState.ArrayInit);
        }
        else
        {
            SetError("syntax error expecting value");
        }
    }

    private void PutValue(JsonValue value)
    {
        JsonValue top = _stack.Peek();
        if (top is JsonObject o)
        {
            o.Set(_memberName!, value);
        }
        else
        {
            ((JsonArray)top).Add(value);
        }
    }

    private void Push(JsonValue container, ParseState next)
    {
        if (_stack.Count >= MaxHeight)
        {
            SetError($"input exceeds maximum nesting depth {MaxHeight}");
            return;
        }

        if (_stack.Count > 0)
        {
            PutValue(container);
        }

        _stack.Push(container);
        _parseState = next;
    }

    private void Pop()
    {
        JsonValue done = _stack.Pop();
        if (_stack.Count == 0)
        {
            _result = done;
            _parseState = ParseState.End;
            IsDone = !_checkTrailer;
            return;
        }

        _parseState = _stack.Peek() is JsonArray ? ParseState.ArrayNext : ParseState.ObjectNext;
    }
}
