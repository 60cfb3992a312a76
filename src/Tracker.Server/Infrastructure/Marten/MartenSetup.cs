using JasperFx;
using JasperFx.Events;
using Marten;
using Weasel.Core;
using Tracker.Domain.Runs;
using Tracker.Domain.Studies;
using Tracker.Domain.Studies.Curves;
using Tracker.Server.Infrastructure.Http;

namespace Tracker.Server.Infrastructure.Marten;

public static class MartenSetup
{
    /// <summary>One store for events and read models. Feature modules add their projections with ConfigureMarten.</summary>
    public static IHostApplicationBuilder AddTrackerMarten(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Marten")
            ?? throw new InvalidOperationException(
                "No PostgreSQL connection string: set ConnectionStrings__Marten, or start Tracker with ./ops/up which runs a private cluster.");
        var schema = builder.Configuration["Tracker:Schema"] ?? "tracker";
        var applyOnStartup = SchemaPolicy.ApplyOnStartup(builder.Configuration, builder.Environment);
        if (!applyOnStartup)
        {
            // First of the hosted services: nothing (daemon, admin bootstrap, bus) runs against a schema that is not there.
            builder.Services.AddHostedService<SchemaCheck>();
        }

        var marten = builder.Services.AddMarten(options =>
            {
                options.Connection(connectionString);
                options.DatabaseSchemaName = schema;
                // Checked, not changed: no table is created or altered on first use either (db-apply still applies).
                if (!applyOnStartup)
                {
                    options.AutoCreateSchemaObjects = AutoCreate.None;
                }

                options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, configure: o =>
                {
                    // Absent fields stay absent: step batches are mostly optional numbers, so events shrink by a third.
                    o.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
                    TrackerJson.UseGeneratedMetadata(o);
                });

                // Quick append: about twice the throughput of Rich; versions are still checked server-side. With server
                // timestamps the store keeps the time the writer stamped (EventChain.Stamp) instead of its own now(), so
                // inline read models rebuild exactly and the audit hash chain can cover the time.
                options.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
                options.Events.MetadataConfig.CorrelationIdEnabled = true;
                options.Events.MetadataConfig.CausationIdEnabled = true;
                options.Events.MetadataConfig.HeadersEnabled = true;
                options.Events.MetadataConfig.UserNameEnabled = true;

                options.Events.AddEventType<RunRegistered>();
                options.Events.AddEventType<StepsLogged>();
                options.Events.AddEventType<EvaluationsRecorded>();
                options.Events.AddEventType<RunFinished>();
                options.Events.AddEventType<StudyCreated>();

                // After the event and document tables (custom features come last in Marten's apply order): step batches
                // and run-curve documents stored with lz4. The document table's name is Marten's default for the type.
                options.Storage.Add(new Lz4Compression(schema, "mt_events", "mt_doc_" + typeof(RunCurve).Name.ToLowerInvariant()));
            })
            .UseLightweightSessions();
        if (applyOnStartup)
        {
            marten.ApplyAllDatabaseChangesOnStartup();
        }

        marten
            // HotCold: on several nodes exactly one runs each projection and subscription; takes over when it dies.
            // Disabled makes an ingestion-only node (Tracker:Daemon=Disabled).
            .AddAsyncDaemon(builder.Configuration.GetValue("Tracker:Daemon", JasperFx.Events.Daemon.DaemonMode.HotCold));
        return builder;
    }
}
