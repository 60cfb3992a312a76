using MassTransit;

namespace Tracker.Server.Runs.Commands;

public sealed class RunCommandConsumerDefinition : ConsumerDefinition<RunCommandConsumer>
{
    public RunCommandConsumerDefinition()
    {
        EndpointName = "run-commands";
        // Different runs proceed in parallel; one run's commands are serialised by the RunWriter.
        ConcurrentMessageLimit = 32;
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<RunCommandConsumer> consumerConfigurator, IRegistrationContext context)
    {
        // Transient database faults (restart, failover) are retried; the command is idempotent, so a retry after a
        // commit whose answer was lost is answered as a duplicate.
        endpointConfigurator.UseMessageRetry(r => r.Exponential(8, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200)));
    }
}
