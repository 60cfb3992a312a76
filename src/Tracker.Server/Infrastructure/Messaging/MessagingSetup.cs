using MassTransit;
using Tracker.Server.Infrastructure.Messaging.DeadLetters;
using Tracker.Server.Runs.Commands;
using Tracker.Server.Studies.Live;

namespace Tracker.Server.Infrastructure.Messaging;

public static class MessagingSetup
{
    public static IHostApplicationBuilder AddTrackerMessaging(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MessagingOptions.SectionName).Get<MessagingOptions>() ?? new MessagingOptions();
        builder.Services.AddSingleton(options);
        // Serve no request before every receive endpoint and its broker bindings exist: a request published
        // earlier would find no bound queue and be lost.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
        });
        builder.Services.AddMediator(x => x.AddConsumer<RunCommandConsumer>());
        builder.Services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry(); // 8.5 otherwise posts usage data to an outside host
            x.SetKebabCaseEndpointNameFormatter();
            x.AddConsumer<RunCommandConsumer, RunCommandConsumerDefinition>();
            // Notifications fan out: each node gets its own temporary queue.
            x.AddConsumer<StudyChangedConsumer>().Endpoint(e =>
            {
                e.InstanceId = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
                e.Temporary = true;
            });
            // Poison commands: their Fault<T> is recorded for GET /api/v1/admin/dead-letters.
            x.AddDeadLetters();

            if (options.Transport == MessagingTransport.RabbitMq)
            {
                var rabbit = options.RabbitMq;
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, h =>
                    {
                        h.Username(rabbit.Username);
                        h.Password(rabbit.Password);
                    });
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        return builder;
    }
}
