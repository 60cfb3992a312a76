using System.Security.Cryptography;
using System.Text;

namespace Tracker.Server.Security.Tokens;

public static class TokenSecrets
{
    public const string Prefix = "trk_";

    /// <summary>A new secret: "trk_" and 256 random bits, URL-safe (greppable by secret scanners thanks to the prefix).</summary>
    public static string Create() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
