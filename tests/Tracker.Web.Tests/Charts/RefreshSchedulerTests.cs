using Tracker.Web.Live;

namespace Tracker.Web.Tests.Charts;

public sealed class RefreshSchedulerTests
{
    [Fact]
    public async Task A_burst_is_one_refresh_and_a_request_during_a_refresh_is_exactly_one_more()
    {
        var refreshes = 0;
        var gate = new TaskCompletionSource();
        using var scheduler = new RefreshScheduler(async () =>
        {
            Interlocked.Increment(ref refreshes);
            await gate.Task;
        }, TimeSpan.FromMilliseconds(50));

        for (var i = 0; i < 100; i++)
        {
            scheduler.Request();
        }

        await WaitUntil(() => Volatile.Read(ref refreshes) == 1);
        for (var i = 0; i < 100; i++)
        {
            scheduler.Request();
        }

        gate.SetResult();
        await WaitUntil(() => Volatile.Read(ref refreshes) == 2);
        await Task.Delay(200);
        Assert.Equal(2, refreshes);
    }

    [Fact]
    public async Task A_lone_request_after_a_quiet_period_runs_at_once()
    {
        var ran = new TaskCompletionSource<TimeSpan>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var scheduler = new RefreshScheduler(() =>
        {
            ran.TrySetResult(clock.Elapsed);
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(5));

        scheduler.Request();

        Assert.True(await ran.Task.WaitAsync(TimeSpan.FromSeconds(2)) < TimeSpan.FromSeconds(1));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
