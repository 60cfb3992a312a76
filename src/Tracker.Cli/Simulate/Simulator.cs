using System.Diagnostics;
using Tracker.Client;
using Tracker.Client.Batching;

namespace Tracker.Cli.Simulate;

/// <summary>Runs simulated jobs concurrently, each as a real worker would: register, log steps and evaluations
/// through a <see cref="RunLogger"/> at the job's pace, flush, finish as completed.</summary>
public sealed class Simulator(TrackerClient client, TextWriter output, bool quiet)
{
    private static readonly RunLoggerOptions LoggerOptions = new() { DisposeTimeout = TimeSpan.FromSeconds(5) };
    private readonly Lock _write = new();

    public async Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<SimulatedJob> jobs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        // The first run of a study registers alone: it creates the study, which dozens of simultaneous first
        // registrations would all race to do (the server sorts that out, but only by retrying).
        var studies = jobs.GroupBy(j => j.Study).ToDictionary(g => g.Key, g => (First: g.First(), Created: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        return await Task.WhenAll(jobs.Select(job =>
        {
            var (first, created) = studies[job.Study];
            return Task.Run(() => RunJobAsync(job, ReferenceEquals(job, first) ? null : created.Task, ReferenceEquals(job, first) ? created : null, cancellationToken), CancellationToken.None);
        }));
    }

    private async Task<JobOutcome> RunJobAsync(SimulatedJob job, Task? studyCreated, TaskCompletionSource? createsStudy, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        RunLogger? log = null;
        try
        {
            if (studyCreated is not null)
            {
                await studyCreated.WaitAsync(cancellationToken);
            }

            if (createsStudy is null)
            {
                await Task.Delay(job.StartDelay, cancellationToken);
            }

            try
            {
                log = await RunLogger.StartAsync(client, job.Registration, LoggerOptions, cancellationToken);
            }
            finally
            {
                createsStudy?.TrySetResult();
            }

            var first = Stopwatch.GetTimestamp();
            for (var i = 0; i < job.Steps.Count; i++)
            {
                // Paced against the start, not the previous step, so the pace does not drift with scheduling delays.
                var due = (job.StepInterval * i) - Stopwatch.GetElapsedTime(first);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }

                var step = job.Steps[i];
                if (step.Data is not null)
                {
                    log.Log(step.Data);
                }

                log.LogEvaluation(step.Evaluation);
            }

            await log.FinishAsync("completed", cancellationToken: cancellationToken);
            var outcome = new JobOutcome(job, log.RunId, log.Counters, Stopwatch.GetElapsedTime(started), null);
            Report(outcome);
            return outcome;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the run stays unfinished, so simulating it again later completes it.
            return new JobOutcome(job, log?.RunId, log?.Counters ?? default, Stopwatch.GetElapsedTime(started), "stopped");
        }
        catch (Exception ex) when (ex is TrackerApiException or HttpRequestException or TaskCanceledException)
        {
            var outcome = new JobOutcome(job, log?.RunId, log?.Counters ?? default, Stopwatch.GetElapsedTime(started), ex.Message);
            Report(outcome);
            return outcome;
        }
        finally
        {
            if (log is not null)
            {
                await log.DisposeAsync();
            }
        }
    }

    private void Report(JobOutcome outcome)
    {
        if (quiet && outcome.Completed)
        {
            return;
        }

        var c = outcome.Counters;
        var line = outcome.Completed
            ? $"{outcome.Job.Study}/{outcome.Job.Name}: {c.Sent} entries stored ({c.Duplicates} already there), {c.Rejected} rejected, {c.Dropped} dropped in {outcome.Elapsed.TotalSeconds:0.0} s"
            : $"{outcome.Job.Study}/{outcome.Job.Name}: failed: {outcome.Error}";
        lock (_write)
        {
            output.WriteLine(line);
        }
    }
}
