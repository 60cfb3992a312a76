using System.Globalization;
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
    };

    public static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
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
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(Number(element.GetRawText()), skipInputValidation: true);
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
        var negative = raw.StartsWith('-');
        var body = negative ? raw[1..] : raw;
        var e = body.IndexOfAny(['e', 'E']);
        long exponent = 0;
        if (e >= 0)
        {
            if (!long.TryParse(body.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent) || Math.Abs(exponent) > 1_000_000_000)
            {
                return raw; // beyond any value we store; kept as written, still deterministic
            }

            body = body[..e];
        }

        var dot = body.IndexOf('.');
        var digits = dot < 0 ? body : string.Concat(body.AsSpan(0, dot), body.AsSpan(dot + 1));
        if (dot >= 0)
        {
            exponent -= body.Length - dot - 1;
        }

        digits = digits.TrimStart('0');
        if (digits.Length == 0)
        {
            return "0";
        }

        var trimmed = digits.TrimEnd('0');
        exponent += digits.Length - trimmed.Length;
        return (negative ? "-" : "") + trimmed + (exponent == 0 ? "" : "e" + exponent.ToString(CultureInfo.InvariantCulture));
    }
}
