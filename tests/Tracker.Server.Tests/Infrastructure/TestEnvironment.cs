namespace Tracker.Server.Tests.Infrastructure;

/// <summary>The real PostgreSQL and RabbitMQ started by ./ops/test, found through its environment variables.</summary>
public static class TestEnvironment
{
    private static int _nextVhost = -1;

    public static string Postgres =>
        Environment.GetEnvironmentVariable("TRACKER_TEST_POSTGRES")
        ?? throw new InvalidOperationException("TRACKER_TEST_POSTGRES is not set: run the tests with ./ops/test, which starts PostgreSQL and RabbitMQ.");

    public static string RabbitHost => Required("TRACKER_TEST_RABBITMQ_HOST");

    public static string RabbitPort => Required("TRACKER_TEST_RABBITMQ_PORT");

    /// <summary>Each host on RabbitMQ gets a vhost of its own, so queues of one test never see another's messages.</summary>
    public static string TakeVhost()
    {
        var vhosts = Required("TRACKER_TEST_RABBITMQ_VHOSTS").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var index = Interlocked.Increment(ref _nextVhost);
        return index < vhosts.Length
            ? vhosts[index]
            : throw new InvalidOperationException($"All {vhosts.Length} RabbitMQ test vhosts are taken; ask ./ops/test for more.");
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name)
        ?? throw new InvalidOperationException($"{name} is not set: run the tests with ./ops/test, which starts PostgreSQL and RabbitMQ.");
}
