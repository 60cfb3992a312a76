using MassTransit;
using Tracker.Contracts.Messaging;

namespace Tracker.Server.Runs.Commands;

/// <summary>Sends a command over the bus and waits for the consumer's answer, which comes only after the commit:
/// that is what makes an HTTP 2xx mean "durable in PostgreSQL" on every transport.</summary>
public sealed class RunCommandSender(IServiceProvider services, IConfiguration configuration, ILogger<RunCommandSender> logger)
{
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(configuration.GetValue("Tracker:Ingestion:RequestTimeoutSeconds", 60));

    public async Task<CommandOutcome> SendAsync<T>(T command, CancellationToken cancellationToken)
        where T : class
    {
        var client = services.GetRequiredService<IRequestClient<T>>();
        try
        {
            var response = await client.GetResponse<CommandOutcome>(command, cancellationToken, RequestTimeout.After(ms: (int)_timeout.TotalMilliseconds));
            return response.Message;
        }
        catch (RequestTimeoutException)
        {
            // The command may still commit later; a retry is safe because every command is idempotent.
            return new CommandOutcome(503, 0, 0, "Ingestion busy", $"the command was not confirmed within {_timeout.TotalSeconds:0} s; retry it (retries never duplicate data)");
        }
        catch (RequestFaultException ex)
        {
            logger.LogError("{Command} failed in its consumer: {Fault}", typeof(T).Name, string.Join(" | ", ex.Fault?.Exceptions.Select(e => e.Message) ?? []));
            return new CommandOutcome(503, 0, 0, "Ingestion failed", "the command could not be stored (the store may be unavailable); retry it (retries never duplicate data)");
        }
    }
}
