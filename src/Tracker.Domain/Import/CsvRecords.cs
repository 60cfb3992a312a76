using System.Text;

namespace Tracker.Domain.Import;

/// <summary>One CSV record: its fields and the physical line it starts on (a quoted field may span lines).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, string? Error = null);

/// <summary>RFC 4180 records from a text reader: comma-separated, double-quoted fields with "" for a quote,
/// CRLF, LF or CR line ends. A broken record is returned with <see cref="CsvRecord.Error"/> set rather than thrown,
/// so that every bad line of a file can be reported at once.</summary>
public static class CsvRecords
{
    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadIterator(reader);
    }

    private static IEnumerable<CsvRecord> ReadIterator(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var start = 1;
        var quoted = false;
        var afterQuote = false;
        string? error = null;
        var c = reader.Read();
        if (c == '\uFEFF')
        {
            c = reader.Read(); // a byte-order mark left by the producer is not part of the first column name
        }

        while (c != -1)
        {
            if (quoted)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        field.Append('"');
                        reader.Read();
                    }
                    else
                    {
                        quoted = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    if (c == '\n' || (c == '\r' && reader.Peek() != '\n'))
                    {
                        line++;
                    }

                    field.Append((char)c);
                }
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                afterQuote = false;
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                fields.Add(field.ToString());
                yield return new CsvRecord(start, [.. fields], error);
                fields.Clear();
                field.Clear();
                afterQuote = false;
                error = null;
                start = ++line;
            }
            else if (c == '"' && field.Length == 0 && !afterQuote)
            {
                quoted = true;
            }
            else
            {
                if (afterQuote)
                {
                    error ??= "unexpected character after a closing quote (a quote inside a quoted field is written \"\")";
                }

                field.Append((char)c);
            }

            c = reader.Read();
        }

        if (quoted)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(start, [.. fields], "unterminated quoted field (the file ends inside quotes)");
        }
        else if (fields.Count > 0 || field.Length > 0 || afterQuote)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(start, [.. fields], error);
        }
    }

    /// <summary>A line with nothing on it (a trailing newline, a blank separator line).</summary>
    public static bool IsBlank(CsvRecord record) =>
        record.Error is null && record.Fields.Count == 1 && string.IsNullOrWhiteSpace(record.Fields[0]);
}
