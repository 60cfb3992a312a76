namespace Tracker.Domain.Import.Mlflow;

/// <summary>Python's <c>json.dump</c> (which mlflow-export-import uses) writes NaN and infinities as the bare words
/// <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>, which are not JSON. This quotes them (outside strings only),
/// so a reader that accepts named floating-point literals in strings can take the file.</summary>
public static class NonFiniteJson
{
    private static readonly byte[][] Words = ["NaN"u8.ToArray(), "Infinity"u8.ToArray(), "-Infinity"u8.ToArray()];

    public static byte[] Quote(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("NaN"u8) < 0 && json.IndexOf("Infinity"u8) < 0)
        {
            return json.ToArray();
        }

        var output = new List<byte>(json.Length + 64);
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                output.Add(b);
                if (b == (byte)'\\' && i + 1 < json.Length)
                {
                    output.Add(json[++i]);
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }

                continue;
            }

            if (b == (byte)'"')
            {
                inString = true;
                output.Add(b);
                continue;
            }

            if (WordAt(json, i) is { } word)
            {
                output.Add((byte)'"');
                output.AddRange(word);
                output.Add((byte)'"');
                i += word.Length - 1;
                continue;
            }

            output.Add(b);
        }

        return [.. output];
    }

    private static byte[]? WordAt(ReadOnlySpan<byte> json, int at)
    {
        foreach (var word in Words)
        {
            if (json[at..].StartsWith(word) && (at + word.Length == json.Length || !IsWordByte(json[at + word.Length])))
            {
                return word;
            }
        }

        return null;
    }

    private static bool IsWordByte(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_';
}
