using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tracker.Domain.Audit;

/// <summary>One byte form for JSON values that mean the same: object members sorted by name (ordinal), no whitespace,
/// strings escaped one way, numbers as exact decimals in a normal form (<c>1000</c>, <c>1e3</c> and <c>1000.0</c> all
/// become <c>1e3</c>). PostgreSQL's jsonb reorders members and rewrites numbers, so hashes are taken over this form,
/// never over the text as stored or as first serialised.</summary>
public static class CanonicalJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = true, // the input is parsed JSON already; checking every token again costs a third of the time
    };

    public static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(writer, element);
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                var text = JsonMarshal.GetRawUtf8Value(element);
                if (text.IndexOf((byte)'\\') < 0)
                {
                    writer.WriteStringValue(text[1..^1]); // no escapes: the raw bytes are the value
                }
                else
                {
                    writer.WriteStringValue(element.GetString());
                }

                break;
            case JsonValueKind.Number:
                WriteNumber(writer, JsonMarshal.GetRawUtf8Value(element));
                break;
            case JsonValueKind.True:
                writer.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                writer.WriteBooleanValue(false);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonElement element)
    {
        // Objects are small: insertion sort by name. Names without escapes are compared as UTF-8 bytes, which orders
        // them as ordinal UTF-16 would for every character outside the surrogate range. The members go in a pooled
        // array: a step batch has thousands of objects, and a list per object was most of what hashing allocated.
        var pooled = ArrayPool<JsonProperty>.Shared.Rent(16);
        var count = 0;
        var escaped = false;
        try
        {
            foreach (var property in element.EnumerateObject())
            {
                escaped |= JsonMarshal.GetRawUtf8PropertyName(property).IndexOf((byte)'\\') >= 0;
                if (count == pooled.Length)
                {
                    var larger = ArrayPool<JsonProperty>.Shared.Rent(count * 2);
                    pooled.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<JsonProperty>.Shared.Return(pooled, clearArray: true);
                    pooled = larger;
                }

                pooled[count++] = property;
            }

            var members = pooled.AsSpan(0, count);
            if (escaped)
            {
                members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            }
            else
            {
                for (var i = 1; i < members.Length; i++)
                {
                    var member = members[i];
                    var at = i;
                    while (at > 0 && JsonMarshal.GetRawUtf8PropertyName(members[at - 1]).SequenceCompareTo(JsonMarshal.GetRawUtf8PropertyName(member)) > 0)
                    {
                        members[at] = members[at - 1];
                        at--;
                    }

                    members[at] = member;
                }
            }

            writer.WriteStartObject();
            foreach (var member in members)
            {
                if (escaped)
                {
                    writer.WritePropertyName(member.Name);
                }
                else
                {
                    writer.WritePropertyName(JsonMarshal.GetRawUtf8PropertyName(member));
                }

                Write(writer, member.Value);
            }

            writer.WriteEndObject();
        }
        finally
        {
            // Cleared: the members hold the parsed document, which must not outlive its owner in the pool.
            ArrayPool<JsonProperty>.Shared.Return(pooled, clearArray: true);
        }
    }

    /// <summary>Writes the canonical form of a JSON number given as its UTF-8 text, without allocating.</summary>
    private static void WriteNumber(Utf8JsonWriter writer, ReadOnlySpan<byte> raw)
    {
        Span<byte> digits = stackalloc byte[raw.Length];
        var count = 0;
        long exponent = 0;
        var negative = raw[0] == (byte)'-';
        var i = negative ? 1 : 0;
        var fraction = false;
        for (; i < raw.Length && raw[i] is not ((byte)'e' or (byte)'E'); i++)
        {
            if (raw[i] == (byte)'.')
            {
                fraction = true;
                continue;
            }

            if (count > 0 || raw[i] != (byte)'0')
            {
                digits[count++] = raw[i];
            }

            if (fraction)
            {
                exponent--;
            }
        }

        if (i < raw.Length && !(long.TryParse(raw[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var written) && Math.Abs(written) < 1_000_000_000))
        {
            writer.WriteRawValue(raw, skipInputValidation: true); // beyond any value we store; kept as written, still deterministic
            return;
        }

        exponent += i < raw.Length ? long.Parse(raw[(i + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        while (count > 0 && digits[count - 1] == (byte)'0')
        {
            count--;
            exponent++;
        }

        if (count == 0)
        {
            writer.WriteRawValue("0"u8, skipInputValidation: true);
            return;
        }

        Span<byte> text = stackalloc byte[count + 24];
        var length = 0;
        if (negative)
        {
            text[length++] = (byte)'-';
        }

        digits[..count].CopyTo(text[length..]);
        length += count;
        if (exponent != 0)
        {
            text[length++] = (byte)'e';
            exponent.TryFormat(text[length..], out var used, default, CultureInfo.InvariantCulture);
            length += used;
        }

        writer.WriteRawValue(text[..length], skipInputValidation: true);
    }

    /// <summary>The canonical form of a JSON text, as UTF-8.</summary>
    public static byte[] ToBytes(string json)
    {
        using var document = JsonDocument.Parse(json);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(json.Length);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, document.RootElement);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A JSON number as <c>[-]digits[e exponent]</c>: value = digits × 10^exponent, the digits without leading or
    /// trailing zeros (<c>0</c> for zero). Exact: no rounding through binary floating point.</summary>
    public static string Number(string raw)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(raw.Length + 24);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteNumber(writer, System.Text.Encoding.UTF8.GetBytes(raw));
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
