using System.Security.Cryptography;
using System.Text;

namespace Tracker.Domain.Identity;

/// <summary>Name-based UUIDs (RFC 9562 version 5 layout): the same scope and name always give the same id,
/// so a retried request that carries no id still lands on the same stream.</summary>
public static class DeterministicGuid
{
    public static Guid Create(string scope, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(scope + "\u001f" + name);
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 v5 prescribes; it names ids, it does not protect anything.
        var hash = SHA1.HashData(bytes);
#pragma warning restore CA5350
        Span<byte> g = stackalloc byte[16];
        hash.AsSpan(0, 16).CopyTo(g);
        g[6] = (byte)((g[6] & 0x0F) | 0x50);
        g[8] = (byte)((g[8] & 0x3F) | 0x80);
        return new Guid(g, bigEndian: true);
    }

    public static Guid ForStudy(string study) => Create("study", study);

    public static Guid ForRun(string study, string name) => Create("run", study + "\n" + name);
}
