using System.Text;

namespace AgentRec.Core.Data.Text;

/// <summary>
/// Reads RFC 4180 CSV record by record: fields separated by a delimiter, records by CRLF, LF or CR,
/// fields optionally in double quotes, where <c>""</c> stands for one quote and delimiters and line
/// breaks are literal. Quotes inside an unquoted field, text after a closing quote, and a quoted field
/// still open at the end of input are errors naming the line and column.
/// </summary>
public sealed class CsvReader : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly TextReader _reader;
    private readonly bool _leaveOpen;
    private readonly char _delimiter;
    private readonly char[] _buffer = new char[BufferSize];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private int _line = 1;
    private bool _skipLineFeed;
    private bool _endOfInput;
    private char _previous;
    private bool _resumeAfterError;

    public CsvReader(TextReader reader, string sourceName, char delimiter = ',', bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        if (delimiter is '"' or '\r' or '\n')
        {
            throw new ArgumentException("The delimiter cannot be a quote or a line break.", nameof(delimiter));
        }

        _reader = reader;
        SourceName = sourceName;
        _delimiter = delimiter;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Named in error messages (usually the file path).</summary>
    public string SourceName { get; }

    /// <summary>The 1-based line on which the record last returned starts (quoted fields may span lines).</summary>
    public int RecordLineNumber { get; private set; }

    /// <summary>Reads the next record, or null at the end of input. An empty line is a record with one empty field.</summary>
    /// <exception cref="DataFormatException">The record breaks RFC 4180 quoting.</exception>
    public async ValueTask<IReadOnlyList<string>?> ReadRecordAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_resumeAfterError)
        {
            // After a quoting error the rest of that line is unreliable; resume on the next one.
            _resumeAfterError = false;
            await SkipRestOfLineAsync(cancellationToken).ConfigureAwait(false);
        }

        var fields = new List<string>();
        _field.Clear();
        RecordLineNumber = _line;
        var state = State.FieldStart;
        bool sawAnything = false;

        while (true)
        {
            if (_position == _length)
            {
                if (!_endOfInput)
                {
                    _length = await _reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                    _position = 0;
                    _endOfInput = _length == 0;
                }

                if (_endOfInput)
                {
                    if (state == State.Quoted)
                    {
                        throw Error(fields.Count, "has an opening quote that is never closed", RecordLineNumber);
                    }

                    if (!sawAnything)
                    {
                        return null;
                    }

                    fields.Add(_field.ToString());
                    return fields;
                }
            }

            char c = _buffer[_position++];
            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (c == '\n')
                {
                    continue;
                }
            }

            sawAnything = true;
            char previous = _previous;
            _previous = c;
            switch (state)
            {
                case State.FieldStart:
                case State.Unquoted:
                    if (c == _delimiter)
                    {
                        EndField(fields);
                        state = State.FieldStart;
                    }
                    else if (c is '\n' or '\r')
                    {
                        EndLine(c);
                        fields.Add(_field.ToString());
                        return fields;
                    }
                    else if (c == '"')
                    {
                        if (state == State.Unquoted)
                        {
                            throw Error(fields.Count, "has a quote inside an unquoted field", _line);
                        }

                        state = State.Quoted;
                    }
                    else
                    {
                        _field.Append(c);
                        state = State.Unquoted;
                    }

                    break;

                case State.Quoted:
                    if (c == '"')
                    {
                        state = State.QuoteInQuoted;
                    }
                    else
                    {
                        // Line breaks inside quotes are data, kept verbatim; only the line count moves
                        // (once for CRLF).
                        if (c == '\r' || (c == '\n' && previous != '\r'))
                        {
                            _line++;
                        }

                        _field.Append(c);
                    }

                    break;

                case State.QuoteInQuoted:
                    if (c == '"')
                    {
                        _field.Append('"');
                        state = State.Quoted;
                    }
                    else if (c == _delimiter)
                    {
                        EndField(fields);
                        state = State.FieldStart;
                    }
                    else if (c is '\n' or '\r')
                    {
                        EndLine(c);
                        fields.Add(_field.ToString());
                        return fields;
                    }
                    else
                    {
                        throw Error(fields.Count, $"has '{c}' after its closing quote", _line);
                    }

                    break;
            }
        }
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _reader.Dispose();
        }
    }

    private void EndField(List<string> fields)
    {
        fields.Add(_field.ToString());
        _field.Clear();
    }

    private void EndLine(char c)
    {
        _line++;
        _skipLineFeed = c == '\r';
    }

    private DataFormatException Error(int fieldIndex, string problem, int line)
    {
        _resumeAfterError = true;
        return new(SourceName, line, $"column {fieldIndex + 1}", _field.ToString(), problem);
    }

    private async ValueTask SkipRestOfLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_position == _length)
            {
                if (_endOfInput)
                {
                    return;
                }

                _length = await _reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                _position = 0;
                _endOfInput = _length == 0;
                continue;
            }

            char c = _buffer[_position++];
            if (c is '\n' or '\r')
            {
                EndLine(c);
                return;
            }
        }
    }

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
}
