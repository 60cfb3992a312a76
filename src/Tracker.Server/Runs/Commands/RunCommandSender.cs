using MassTransit;
using MassTransit.Mediator;
using Tracker.Contracts.Messaging;
using Tracker.Server.Infrastructure.Messaging;

namespace Tracker.Server.Runs.Commands;

/// <summary>Sends a command to the run command consumer and waits for its answer, which comes only after the commit:
/// that is what makes an HTTP 2xx mean "durable in PostgreSQL" whichever way the command travels.</summary>
public sealed class RunCommandSender(IServiceProvider services, MessagingOptions messaging, IConfiguration configuration, ILogger<RunCommandSender> logger)
{
    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(configuration.GetValue("Tracker:Ingestion:RequestTimeoutSeconds", 60));

    public async Task<CommandOutcome> SendAsync<T>(T command, CancellationToken cancellationToken)
        where T : class
    {
        var client = messaging.HttpDispatch == HttpDispatch.Bus
            ? services.GetRequiredService<IRequestClient<T>>()
            : services.GetRequiredService<IMediator>().CreateRequestClient<T>();
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
            return Unavailable();
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException || ex.InnerException is Npgsql.NpgsqlException)
        {
            // In-process dispatch surfaces the store's own exception: the database is down or restarting.
            logger.LogError(ex, "{Command} could not be stored", typeof(T).Name);
            return Unavailable();
        }
    }

    private static CommandOutcome Unavailable() =>
        new(503, 0, 0, "Ingestion failed", "the command could not be stored (the store may be unavailable); retry it (retries never duplicate data)");
}
