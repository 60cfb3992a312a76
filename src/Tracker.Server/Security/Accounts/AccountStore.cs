using Marten;
using Microsoft.AspNetCore.Identity;
using Tracker.Server.Security.Grants;

namespace Tracker.Server.Security.Accounts;

public sealed class AccountStore(IDocumentStore store, TimeProvider clock)
{
    private static readonly PasswordHasher<Account> Hasher = new();

    /// <summary>Creates or replaces the account (password and grants).</summary>
    public async Task SaveAsync(string userName, string password, IReadOnlyList<Grant> grants, string? by, CancellationToken ct)
    {
        var account = new Account { Id = userName, Grants = [.. grants], CreatedAt = clock.GetUtcNow(), CreatedBy = by };
        account.PasswordHash = Hasher.HashPassword(account, password);
        await using var session = store.LightweightSession();
        session.Store(account);
        await session.SaveChangesAsync(ct);
    }

    /// <summary>The account when the password matches, else null (same answer for an unknown user).</summary>
    public async Task<Account?> VerifyAsync(string userName, string password, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var account = await session.LoadAsync<Account>(userName, ct);
        if (account is null)
        {
            // Spend the same time as a real check, so response times do not tell which users exist.
            Hasher.VerifyHashedPassword(new Account(), DummyHash, password);
            return null;
        }

        return Hasher.VerifyHashedPassword(account, account.PasswordHash, password) == PasswordVerificationResult.Failed ? null : account;
    }

    private static readonly string DummyHash = Hasher.HashPassword(new Account(), Guid.NewGuid().ToString());
}
