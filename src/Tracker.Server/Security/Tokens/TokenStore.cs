using System.Collections.Concurrent;
using Marten;
using Tracker.Server.Security.Grants;

namespace Tracker.Server.Security.Tokens;

/// <summary>Issues, finds and revokes tokens. Lookups are cached for a few seconds per node: a revocation is immediate
/// on the node that made it and reaches the others within <see cref="CacheLifetime"/>.</summary>
public sealed class TokenStore(IDocumentStore store, TimeProvider clock)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (ApiToken? Token, DateTimeOffset Until)> _byHash = new(StringComparer.Ordinal);

    public async Task<(ApiToken Token, string Secret)> IssueAsync(string project, Scope scope, string name, string? by, CancellationToken ct)
    {
        var secret = TokenSecrets.Create();
        var token = new ApiToken
        {
            Id = Guid.NewGuid(),
            Name = name,
            Project = project,
            Scope = scope,
            Hash = TokenSecrets.Hash(secret),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = by,
        };
        await using var session = store.LightweightSession();
        session.Insert(token);
        await session.SaveChangesAsync(ct);
        return (token, secret);
    }

    /// <summary>Stores a token whose secret comes from configuration (an operator-provided admin token); idempotent.</summary>
    public async Task EnsureConfiguredAsync(string secret, string project, Scope scope, string name, CancellationToken ct)
    {
        var hash = TokenSecrets.Hash(secret);
        await using var session = store.LightweightSession();
        if (await session.Query<ApiToken>().AnyAsync(t => t.Hash == hash, ct))
        {
            return;
        }

        session.Insert(new ApiToken { Id = Guid.NewGuid(), Name = name, Project = project, Scope = scope, Hash = hash, CreatedAt = clock.GetUtcNow(), CreatedBy = "configuration" });
        await session.SaveChangesAsync(ct);
    }

    /// <summary>The live token with this secret, or null (unknown or revoked).</summary>
    public async Task<ApiToken?> FindAsync(string secret, CancellationToken ct)
    {
        var hash = TokenSecrets.Hash(secret);
        var now = clock.GetUtcNow();
        if (_byHash.TryGetValue(hash, out var cached) && cached.Until > now)
        {
            return cached.Token;
        }

        await using var session = store.QuerySession();
        var token = await session.Query<ApiToken>().FirstOrDefaultAsync(t => t.Hash == hash && t.RevokedAt == null, ct);
        _byHash[hash] = (token, now + CacheLifetime);
        return token;
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string project, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.Query<ApiToken>().Where(t => t.Project == project).OrderBy(t => t.CreatedAt).ToListAsync(ct);
    }

    /// <summary>Revokes the token of this project; false when there is no such token. Revoking twice keeps the first time.</summary>
    public async Task<bool> RevokeAsync(string project, Guid id, string? by, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var token = await session.LoadAsync<ApiToken>(id, ct);
        if (token is null || token.Project != project)
        {
            return false;
        }

        if (token.RevokedAt is null)
        {
            token.RevokedAt = clock.GetUtcNow();
            token.RevokedBy = by;
            session.Update(token);
            await session.SaveChangesAsync(ct);
        }

        _byHash.TryRemove(token.Hash, out _);
        return true;
    }

    public async Task<bool> AnyServerAdminAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.Query<ApiToken>().AnyAsync(t => t.Project == Grant.AllProjects && t.Scope == Scope.Admin && t.RevokedAt == null, ct);
    }
}
