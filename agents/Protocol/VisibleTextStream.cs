using System.Text;

namespace AgentRec.Agents.Protocol;

/// <summary>
/// Follows model output of the wire form <c>Kind[text]</c> as it streams in and yields the part a user should
/// see: the text of an <c>Ask</c> or <c>Response</c>, exactly as <see cref="ActionParser"/> will return it
/// (whitespace before the closing bracket is held back, because the parser trims it). Everything else —
/// Search queries, Recommend ids, the JSON form — yields nothing.
/// </summary>
public sealed class VisibleTextStream
{
    private readonly StringBuilder _raw = new();
    private readonly StringBuilder _heldSpace = new();
    private readonly StringBuilder _emitted = new();
    private int _next;
    private bool? _visible;
    private bool _closed;

    /// <summary>Everything yielded so far.</summary>
    public string Emitted => _emitted.ToString();

    /// <summary>Adds a chunk of output; returns the newly visible text (often empty).</summary>
    public string Push(string chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        _raw.Append(chunk);
        if (_visible is null)
        {
            var raw = _raw.ToString();
            int open = raw.IndexOf('[', StringComparison.Ordinal);
            if (open < 0)
            {
                return string.Empty;
            }

            var kind = raw[..open].Trim();
            _visible = kind is "Ask" or "Response";
            _next = open + 1;
        }

        if (_visible != true || _closed)
        {
            return string.Empty;
        }

        var output = new StringBuilder();
        for (; _next < _raw.Length; _next++)
        {
            char c = _raw[_next];
            if (c == ']')
            {
                _closed = true;
                _heldSpace.Clear();
                break;
            }

            if (char.IsWhiteSpace(c))
            {
                // Leading whitespace is trimmed by the parser too: hold it until something follows.
                if (_emitted.Length + output.Length > 0)
                {
                    _heldSpace.Append(c);
                }

                continue;
            }

            output.Append(_heldSpace).Append(c);
            _heldSpace.Clear();
        }

        _emitted.Append(output);
        return output.ToString();
    }
}
