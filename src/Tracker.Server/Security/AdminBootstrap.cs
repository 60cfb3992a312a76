using Microsoft.Extensions.Options;
using Tracker.Server.Security.Grants;
using Tracker.Server.Security.Tokens;

namespace Tracker.Server.Security;

/// <summary>Secure by default: there is no default password. On the first start of a store without a server admin
/// token, Tracker issues one and prints it once; an operator may instead provide it (Tracker:Auth:AdminToken).</summary>
public sealed class AdminBootstrap(TokenStore tokens, IOptions<SecurityOptions> options, ILogger<AdminBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.AdminToken is { Length: > 0 } configured)
        {
            await tokens.EnsureConfiguredAsync(configured, Grant.AllProjects, Scope.Admin, "configured-admin", cancellationToken);
            return;
        }

        if (await tokens.AnyServerAdminAsync(cancellationToken))
        {
            return;
        }

        var (_, secret) = await tokens.IssueAsync(Grant.AllProjects, Scope.Admin, "first-admin", "bootstrap", cancellationToken);
        // Printed once, to the console only: the store keeps just its hash.
        Console.Out.WriteLine($"""

            Tracker created a server admin token. It is shown this once; keep it in your secret store:

                {secret}

            Use it as 'Authorization: Bearer <token>' to create projects, tokens and accounts (see docs/security.md).

            """);
        logger.LogWarning("Created the first server admin token (printed once on the console)");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
