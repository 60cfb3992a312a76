namespace Tracker.Server.Tests.Infrastructure;

public enum Transport
{
    InMemory,
    RabbitMq,
}
