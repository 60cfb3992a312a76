using Tracker.Cli.Simulate;
using Tracker.Client;

namespace Tracker.Cli.Tests.Simulate;

/// <summary>The simulator as a worker: it registers, logs every step and evaluation through the batching logger,
/// and finishes each run, concurrently.</summary>
public sealed class SimulatorTests
{
    [Fact]
    public async Task Every_job_is_registered_logged_in_full_and_finished_as_completed()
    {
        var jobs = SimulationPlan.Create(new SimulateOptions { Seeds = 1, Steps = 6, Reuse = true, Speed = 1000 });
        using var server = new RecordingServer();
        using var http = new HttpClient(server) { BaseAddress = new Uri("http://tracker.test/") };
        using var client = new TrackerClient(http);
        using var output = new StringWriter();

        var outcomes = await new Simulator(client, output, quiet: true).RunAsync(jobs, CancellationToken.None);

        Assert.All(outcomes, o => Assert.True(o.Completed, o.Error));
        Assert.Equal(jobs.Count, server.Runs.Count);
        foreach (var job in jobs)
        {
            var run = server.Runs.Single(r => r.Registration.Name == job.Name && r.Registration.Study == job.Study);
            Assert.Equal("true", run.Registration.Tags!["simulated"]);
            Assert.Equal(job.Steps.Where(s => s.Data is not null).Select(s => s.Step), run.Steps.Select(s => s.Step));
            Assert.Equal(job.Steps.Select(s => s.Evaluation.PassAt1), run.Evaluations.Select(e => e.PassAt1));
            Assert.Equal("completed", run.Status);
        }
    }

    [Fact]
    public async Task The_first_run_of_each_study_registers_before_the_others_so_the_study_is_created_once()
    {
        var jobs = SimulationPlan.Create(new SimulateOptions { Seeds = 2, Steps = 2, Speed = 1000 });
        using var server = new RecordingServer();
        using var http = new HttpClient(server) { BaseAddress = new Uri("http://tracker.test/") };
        using var client = new TrackerClient(http);

        await new Simulator(client, TextWriter.Null, quiet: true).RunAsync(jobs, CancellationToken.None);

        foreach (var study in jobs.GroupBy(j => j.Study))
        {
            var order = server.RegistrationOrder.Where(r => r.StartsWith(study.Key + "/", StringComparison.Ordinal)).ToList();
            Assert.Equal($"{study.Key}/{study.First().Name}", order[0]);
            Assert.Equal(study.Count(), order.Count);
        }
    }
}
