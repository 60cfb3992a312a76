using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tracker.Client.Bus;

public static class BusPublisherServiceCollectionExtensions
{
    /// <summary>Registers <see cref="BusRunPublisher"/> for a worker whose MassTransit bus (AddMassTransit) reaches the
    /// Tracker servers' broker. Scoped like MassTransit's IPublishEndpoint, so inside a consumer the messages carry
    /// the consumed message's conversation.</summary>
    public static IServiceCollection AddTrackerBusPublisher(this IServiceCollection services, BusPublisherOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var chosen = options ?? new BusPublisherOptions();
        chosen.Validate();
        services.TryAddScoped(sp => new BusRunPublisher(sp.GetRequiredService<IPublishEndpoint>(), chosen));
        return services;
    }
}
