using JasperFx;
using Tracker.Server.Audit;
using Tracker.Server.Dashboard;
using Tracker.Server.Import;
using Tracker.Server.Infrastructure.Health;
using Tracker.Server.Infrastructure.Http;
using Tracker.Server.Infrastructure.Marten;
using Tracker.Server.Infrastructure.Messaging;
using Tracker.Server.Infrastructure.Observability;
using Tracker.Server.Infrastructure.Projections;
using Tracker.Server.Infrastructure.Messaging.DeadLetters;
using Tracker.Server.Mlflow;
using Tracker.Server.OpenApi;
using Tracker.Server.Runs;
using Tracker.Server.Security;
using Tracker.Server.Studies;

var builder = WebApplication.CreateBuilder(args);
// JasperFx's command line: db-apply, db-assert, db-patch… run with the server's own configuration.
builder.Host.ApplyJasperFxExtensions();
builder.AddTrackerHttp();
builder.Services.AddExceptionHandler<StoreUnavailableExceptionHandler>();
builder.AddTrackerMarten();
builder.AddProjectionFailurePolicy();
builder.AddTrackerMessaging();
builder.AddTrackerHealth();
builder.AddSecurityModule();
builder.AddRunsModule();
builder.AddStudiesModule();
builder.AddAuditModule();
builder.AddImportModule();
builder.AddMlflowModule();
builder.AddDashboard();
builder.AddTrackerOpenApi();
builder.AddTrackerObservability();

var app = builder.Build();
app.MapTrackerObservability();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseTrackerSecurity();
app.MapTrackerHealth();
app.MapSecurityEndpoints();
app.MapRunsEndpoints();
app.MapStudiesEndpoints();
app.MapAuditEndpoints();
app.MapDeadLetterEndpoints();
app.MapProjectionAdminEndpoints();
app.MapImportEndpoints();
app.MapMlflowEndpoints();
app.MapDashboard();
app.MapTrackerOpenApi();

if (SchemaPolicy.IsCommand(args))
{
    return await app.RunJasperFxCommands(args);
}

try
{
    await app.RunAsync();
    // A guard that stopped the server set its own code (LoopbackGuard: 2); returning 0 would hide it.
    return Environment.ExitCode;
}
catch (SchemaNotReadyException ex)
{
    // The operator's next step, without a stack trace around it.
    await Console.Error.WriteLineAsync(ex.Message);
    return 3;
}

/// <summary>Entry point, public for WebApplicationFactory in the integration tests.</summary>
public partial class Program;
