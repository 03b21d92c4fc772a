using System.Globalization;
using System.Text;

namespace AgentRec.Core.Data.Text;

/// <summary>
/// Parses the Python list literals that LLM-rec CSVs and item tables store in text columns
/// (<c>['a', "b's"]</c>, <c>[12, 7]</c>), i.e. what Python's <c>repr</c> writes.
/// </summary>
internal static class PythonLiteral
{
    /// <exception cref="FormatException">The text is not a list of string literals; the message gives the offset.</exception>
    public static List<string> ParseStringList(string text)
    {
        var values = new List<string>();
        int i = OpenList(text);
        while (true)
        {
            i = SkipSpace(text, i);
            if (i < text.Length && text[i] == ']')
            {
                return Close(text, i, values);
            }

            values.Add(ReadString(text, ref i));
            if (!NextItem(text, ref i))
            {
                return Close(text, i, values);
            }
        }
    }

    /// <exception cref="FormatException">The text is not a list of integers; the message gives the offset.</exception>
    public static List<int> ParseIntList(string text)
    {
        var values = new List<int>();
        int i = OpenList(text);
        while (true)
        {
            i = SkipSpace(text, i);
            if (i < text.Length && text[i] == ']')
            {
                return Close(text, i, values);
            }

            int start = i;
            if (i < text.Length && text[i] == '-')
            {
                i++;
            }

            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (!int.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            {
                throw new FormatException($"expected an integer at offset {start}");
            }

            values.Add(value);
            if (!NextItem(text, ref i))
            {
                return Close(text, i, values);
            }
        }
    }

    /// <summary>
    /// Best-effort text of a list literal that is not valid Python (item tables hold descriptions
    /// like <c>['it's durable']</c> with unescaped quotes): brackets and the quotes around items go,
    /// item boundaries become line breaks, common escapes are undone.
    /// </summary>
    public static string LenientListText(string text)
    {
        string body = text.Trim();
        if (body.StartsWith('[') && body.EndsWith(']'))
        {
            body = body[1..^1].Trim();
        }

        if (body.Length >= 2 && body[0] is ('\'' or '"') && body[^1] is ('\'' or '"'))
        {
            body = body[1..^1];
        }

        body = body.Replace("', '", "\n", StringComparison.Ordinal)
            .Replace("\", \"", "\n", StringComparison.Ordinal)
            .Replace("', \"", "\n", StringComparison.Ordinal)
            .Replace("\", '", "\n", StringComparison.Ordinal);
        return body.Replace("\\n", "\n", StringComparison.Ordinal)
            .Replace("\\t", "\t", StringComparison.Ordinal)
            .Replace("\\'", "'", StringComparison.Ordinal)
            .Replace("\\\"", "\"", StringComparison.Ordinal)
            .Replace("\\\\", "\\", StringComparison.Ordinal);
    }

    private static int OpenList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int i = SkipSpace(text, 0);
        if (i >= text.Length || text[i] != '[')
        {
            throw new FormatException($"expected '[' at offset {i}");
        }

        return i + 1;
    }

    private static List<T> Close<T>(string text, int i, List<T> values)
    {
        i = SkipSpace(text, i);
        if (i >= text.Length || text[i] != ']')
        {
            throw new FormatException($"expected ',' or ']' at offset {i}");
        }

        i = SkipSpace(text, i + 1);
        if (i != text.Length)
        {
            throw new FormatException($"unexpected text after ']' at offset {i}");
        }

        return values;
    }

    // After an item: true if a comma follows (another item or a trailing comma may come).
    private static bool NextItem(string text, ref int i)
    {
        i = SkipSpace(text, i);
        if (i < text.Length && text[i] == ',')
        {
            i++;
            return true;
        }

        return false;
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static string ReadString(string text, ref int i)
    {
        if (i >= text.Length || text[i] is not ('\'' or '"'))
        {
            throw new FormatException($"expected a quoted string at offset {i}");
        }

        char quote = text[i];
        int start = i;
        i++;
        var value = new StringBuilder();
        while (true)
        {
            if (i >= text.Length)
            {
                throw new FormatException($"string starting at offset {start} is never closed");
            }

            char c = text[i++];
            if (c == quote)
            {
                return value.ToString();
            }

            if (c is '\n' or '\r')
            {
                throw new FormatException($"line break inside the string starting at offset {start}");
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (i >= text.Length)
            {
                throw new FormatException($"string starting at offset {start} ends in a backslash");
            }

            char e = text[i++];
            switch (e)
            {
                case '\\': value.Append('\\'); break;
                case '\'': value.Append('\''); break;
                case '"': value.Append('"'); break;
                case 'n': value.Append('\n'); break;
                case 't': value.Append('\t'); break;
                case 'r': value.Append('\r'); break;
                case 'a': value.Append('\a'); break;
                case 'b': value.Append('\b'); break;
                case 'f': value.Append('\f'); break;
                case 'v': value.Append('\v'); break;
                case '\n': break; // an escaped line break continues the literal
                case 'x': value.Append(Hex(text, ref i, 2, start)); break;
                case 'u': value.Append(Hex(text, ref i, 4, start)); break;
                case 'U': value.Append(Hex(text, ref i, 8, start)); break;
                default:
                    if (e is >= '0' and <= '7')
                    {
                        int code = e - '0';
                        for (int n = 0; n < 2 && i < text.Length && text[i] is >= '0' and <= '7'; n++)
                        {
                            code = (code * 8) + (text[i++] - '0');
                        }

                        value.Append((char)code);
                    }
                    else
                    {
                        // Python keeps unknown escapes as written.
                        value.Append('\\').Append(e);
                    }

                    break;
            }
        }
    }

    private static string Hex(string text, ref int i, int digits, int start)
    {
        if (i + digits > text.Length
            || !int.TryParse(text.AsSpan(i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code)
            || code > 0x10FFFF)
        {
            throw new FormatException($"bad \\x/\\u escape in the string starting at offset {start}");
        }

        i += digits;
        // Lone surrogates are legal in Python strings but not for ConvertFromUtf32.
        return code is >= 0xD800 and <= 0xDFFF ? ((char)code).ToString() : char.ConvertFromUtf32(code);
    }
}
