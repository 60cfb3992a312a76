using System.Buffers;
using System.Security.Cryptography;

namespace Tracker.Domain.Audit;

/// <summary>A buffer writer that hashes (SHA-256) what is written to it instead of keeping it: a JSON writer streams a
/// large envelope through one small pooled buffer, so hashing a batch of a thousand steps allocates no large array.</summary>
internal sealed class HashingBufferWriter : IBufferWriter<byte>, IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);

    public void Advance(int count) => _hash.AppendData(_buffer, 0, count);

    public Memory<byte> GetMemory(int sizeHint = 0) => Buffer(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Buffer(sizeHint);

    /// <summary>Lowercase hex of the hash of everything advanced so far.</summary>
    public string HexDigest()
    {
        Span<byte> digest = stackalloc byte[32];
        _hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    public void Dispose()
    {
        _hash.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    // What was handed out before has been advanced (hashed) by the time the writer asks again, so the buffer is reused.
    private byte[] Buffer(int sizeHint)
    {
        if (sizeHint > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(sizeHint);
        }

        return _buffer;
    }
}
