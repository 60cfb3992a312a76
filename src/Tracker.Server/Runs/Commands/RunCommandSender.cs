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

        // MassTransit's RequestTimeout alone does not bound a request: its timer starts only once the message is handed
        // to a broker channel, and its answer waits for the publish to finish first. While RabbitMQ is down the send
        // retries with backoff, and after a restart a publisher confirm can never come (RabbitMQ.Client 7.2), so the
        // request would hang. Cancelling the whole request after the timeout cancels a stuck send too, but only if
        // MassTransit's own timeout has not fired first: once it has, the request ignores cancellation. Hence its
        // timer is set later than the deadline.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        var late = _timeout + AbandonAfterCancel + AbandonAfterCancel;
        var pending = client.GetResponse<CommandOutcome>(command, deadline.Token, RequestTimeout.After(ms: (int)late.TotalMilliseconds));
        try
        {
            // Should a wait inside the transport ignore the cancellation too, stop waiting for it anyway.
            var response = await pending.WaitAsync(_timeout + AbandonAfterCancel, cancellationToken);
            return response.Message;
        }
        catch (TimeoutException) when (!pending.IsCompleted)
        {
            _ = pending.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            logger.LogWarning("{Command} still pending {Seconds} s after it was cancelled; answered 503 without it", typeof(T).Name, AbandonAfterCancel.TotalSeconds);
            return Busy();
        }
        catch (Exception ex) when (ex is RequestTimeoutException
                                   || (ex is OperationCanceledException && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning("{Command} was not confirmed within {Seconds} s; answered 503", typeof(T).Name, _timeout.TotalSeconds);
            return Busy();
        }
        catch (RequestFaultException ex)
        {
            logger.LogError("{Command} failed in its consumer: {Fault}", typeof(T).Name, string.Join(" | ", ex.Fault?.Exceptions.Select(e => e.Message) ?? []));
            return Unavailable(StoreDown);
        }
        catch (RequestException ex)
        {
            // The send itself failed (the broker is unreachable or the channel broke mid-publish).
            logger.LogWarning(ex, "{Command} could not be sent over the bus", typeof(T).Name);
            return Unavailable("the command could not be delivered (the message broker may be unavailable)");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException || ex.InnerException is Npgsql.NpgsqlException)
        {
            // In-process dispatch surfaces the store's own exception: the database is down or restarting.
            logger.LogError(ex, "{Command} could not be stored", typeof(T).Name);
            return Unavailable(StoreDown);
        }
    }

    private static readonly TimeSpan AbandonAfterCancel = TimeSpan.FromSeconds(2);

    // The command may still commit later; a retry is safe because every command is idempotent.
    private CommandOutcome Busy() =>
        new(503, 0, 0, "Ingestion busy", $"the command was not confirmed within {_timeout.TotalSeconds:0} s; retry it (retries never duplicate data)");

    private const string StoreDown = "the command could not be stored (the store may be unavailable)";

    private static CommandOutcome Unavailable(string why) =>
        new(503, 0, 0, "Ingestion failed", why + "; retry it (retries never duplicate data)");
}
