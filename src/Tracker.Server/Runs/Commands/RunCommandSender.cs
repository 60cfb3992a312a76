using MassTransit;
using Tracker.Contracts.Messaging;

namespace Tracker.Server.Runs.Commands;

/// <summary>Sends a command over the bus and waits for the consumer's answer, which comes only after the commit:
/// that is what makes an HTTP 2xx mean "durable in PostgreSQL" on every transport.</summary>
public sealed class RunCommandSender(IServiceProvider services, IConfiguration configuration)
{
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(configuration.GetValue("Tracker:Ingestion:RequestTimeoutSeconds", 60));

    public async Task<CommandOutcome> SendAsync<T>(T command, CancellationToken cancellationToken)
        where T : class
    {
        var client = services.GetRequiredService<IRequestClient<T>>();
        var response = await client.GetResponse<CommandOutcome>(command, cancellationToken, RequestTimeout.After(ms: (int)_timeout.TotalMilliseconds));
        return response.Message;
    }
}
