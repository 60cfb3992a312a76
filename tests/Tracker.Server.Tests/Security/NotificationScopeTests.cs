using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Contracts.Notifications;
using Tracker.Server.Dashboard;
using Tracker.Server.Security.Access;
using Tracker.Server.Security.Grants;
using Tracker.Server.Studies.Live;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Security;

/// <summary>A dashboard circuit receives live notifications only for studies its user can read.</summary>
public sealed class NotificationScopeTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    [Fact]
    public async Task A_circuit_hears_only_its_projects_studies()
    {
        var betaJob = new Api(world.App.CreateClient(await SecurityWorld.IssueAsync(world.App.CreateClient(), "beta", "write", "beta-notify-job")));
        await betaJob.RegisterAsync("beta-notify", "run-1");

        var alphaHeard = new ConcurrentQueue<string>();
        var betaHeard = new ConcurrentQueue<string>();
        var alphaGotItsOwn = new TaskCompletionSource();
        var betaGotItsOwn = new TaskCompletionSource();
        using var alpha = Circuit(new Grant("alpha", Scope.Read)).Subscribe(null, change =>
        {
            alphaHeard.Enqueue(change.Study);
            alphaGotItsOwn.TrySetResult();
            return Task.CompletedTask;
        });
        using var beta = Circuit(new Grant("beta", Scope.Admin)).Subscribe(null, change =>
        {
            betaHeard.Enqueue(change.Study);
            if (change.Study == "beta-notify")
            {
                betaGotItsOwn.TrySetResult();
            }

            return Task.CompletedTask;
        });

        var live = world.App.Services.GetRequiredService<LiveUpdates>();
        live.Raise(new StudyChanged(SecurityWorld.Study, StudyChanged.FitComputed, null, 1, DateTimeOffset.UtcNow));
        await alphaGotItsOwn.Task.WaitAsync(TimeSpan.FromSeconds(30));
        live.Raise(new StudyChanged("beta-notify", StudyChanged.FitComputed, null, 2, DateTimeOffset.UtcNow));
        await betaGotItsOwn.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.DoesNotContain(SecurityWorld.Study, betaHeard);
        Assert.DoesNotContain("beta-notify", alphaHeard);
        Assert.Contains(SecurityWorld.Study, alphaHeard);
    }

    private ProjectScopedDashboardData Circuit(Grant grant) => new(
        world.App.Services.GetRequiredService<DashboardData>(),
        new FixedUser(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "user:test"), grant.ToClaim()], "test"))),
        world.App.Services.GetRequiredService<ResourceProjects>());

    private sealed class FixedUser(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }
}
