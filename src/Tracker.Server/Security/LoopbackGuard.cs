using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Tracker.Server.Security;

/// <summary>Anonymous access is for a server only this machine can reach: with it on, listening on any other address
/// stops the server at start.</summary>
public sealed class LoopbackGuard(IServer server, IOptions<SecurityOptions> options, IHostApplicationLifetime lifetime, ILogger<LoopbackGuard> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.AnonymousLoopback)
        {
            lifetime.ApplicationStarted.Register(Check);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Check()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
        if (exposed.Count > 0)
        {
            var listed = string.Join(", ", exposed);
#pragma warning disable CA1873 // once, at start
            logger.LogCritical("Tracker:Auth:AnonymousLoopback is on but the server listens on {Addresses}; stopping. Anonymous access is only for loopback.", listed);
#pragma warning restore CA1873
            Environment.ExitCode = 2;
            lifetime.StopApplication();
        }
    }

    public static bool IsLoopback(string address)
    {
        if (!Uri.TryCreate(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
