namespace Tracker.Server.Infrastructure.Messaging;

/// <summary>The bus: in-memory inside one process (the embedded default), RabbitMQ for several processes.</summary>
public sealed class MessagingOptions
{
    public const string SectionName = "Messaging";

    public MessagingTransport Transport { get; set; } = MessagingTransport.InMemory;

    /// <summary>How HTTP commands reach the consumer. Mediator (default) hands the message object to the same
    /// consumer in-process, without serialising a whole batch twice; Bus sends it over the configured transport.</summary>
    public HttpDispatch HttpDispatch { get; set; } = HttpDispatch.Mediator;

    public RabbitMqOptions RabbitMq { get; set; } = new();
}

public enum MessagingTransport
{
    InMemory,
    RabbitMq,
}

public enum HttpDispatch
{
    Mediator,
    Bus,
}

public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public ushort Port { get; set; } = 5672;

    public string VirtualHost { get; set; } = "/";

    public string Username { get; set; } = "guest";

    public string Password { get; set; } = "guest";
}
