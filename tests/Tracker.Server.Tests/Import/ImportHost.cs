using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tracker.Server.Import;
using Tracker.Server.Tests.Infrastructure;

namespace Tracker.Server.Tests.Import;

/// <summary>A <see cref="TrackerApp"/> that serves the import endpoints whether or not Program.cs maps them yet:
/// the module's services are added, and its endpoints mapped ahead of the app's own pipeline only if missing.</summary>
public static class ImportHost
{
    public static WebApplicationFactory<Program> WithImport(this TrackerApp app) =>
        app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
        {
            services.AddImportServices();
            services.AddSingleton<IStartupFilter, MapImportWhenMissing>();
        }));

    private sealed class MapImportWhenMissing : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            var endpoints = app.ApplicationServices.GetRequiredService<EndpointDataSource>().Endpoints;
            if (!endpoints.OfType<RouteEndpoint>().Any(e => e.RoutePattern.RawText?.Contains("import/paper-csv", StringComparison.Ordinal) == true))
            {
                app.UseRouting();
                app.UseEndpoints(routes => routes.MapImportEndpoints());
            }

            next(app);
        };
    }
}
