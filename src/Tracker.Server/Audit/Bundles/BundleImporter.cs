using System.Text;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Npgsql;
using Tracker.Contracts.Audit;
using Tracker.Domain.Audit;
using Tracker.Domain.Identity;
using Tracker.Server.Audit.Storage;
using Tracker.Server.Runs.GetRunSummary;
using Tracker.Server.Studies.GetStudies;

namespace Tracker.Server.Audit.Bundles;

/// <summary>Loads a bundle into this store with its stream ids, versions, times, data and metadata, so its chains verify
/// to the same heads and anchor. The bundle is checked completely first (every hash, the manifest, that this store's
/// event types store each event exactly as exported) and nothing is written when anything is off. Events go in with
/// Marten's bulk event import (one transaction), keeping their global sequence numbers when they are free here; the
/// inline read models are then folded from the imported events.</summary>
public sealed class BundleImporter(IDocumentStore store, EventTypeNames names)
{
    public async Task<BundleImportResult> ImportAsync(string path, CancellationToken ct)
    {
        var plan = await CheckAsync(path, ct);
        var existing = await ExistingAsync(plan.Versions.Keys, ct);
        if (existing.Count > 0)
        {
            throw new BundleConflictException($"{existing.Count} of the bundle's streams already exist here (e.g. {existing[0]}); a bundle is imported into a Tracker that does not hold its study");
        }

        var preserve = await MaxSequenceAsync(ct) < plan.FirstSequence;
        var headers = plan.Versions.Select(v => new BulkEventStreamHeader { Id = v.Key, Version = v.Value }).ToList();
        await store.BulkInsertEventStreamAsync(
            JasperFx.StorageConstants.DefaultTenantId, headers, EventsAsync(path, ct),
            preserve ? BulkEventSequenceMode.PreserveSourceSequence : BulkEventSequenceMode.AssignFromSequence, 1000, ct);
        await FoldInlineReadModelsAsync(plan, ct);
        return new BundleImportResult(plan.Study, plan.Events, plan.Versions.Count, preserve, plan.Anchor);
    }

    /// <summary>Everything about the bundle that can be wrong, found before anything is written.</summary>
    private async Task<BundlePlan> CheckAsync(string path, CancellationToken ct)
    {
        var serializer = store.Options.Serializer();
        BundleHeader? header = null;
        BundleManifest? manifest = null;
        var chains = new Dictionary<Guid, StreamChain>();
        long events = 0, first = 0, previous = 0;
        await foreach (var line in BundleFile.ReadAsync(path, ct))
        {
            var at = $"line {line.Number}";
            if (manifest is not null)
            {
                throw new InvalidBundleException($"{at}: nothing may follow the manifest");
            }

            if (line.Header is { } h)
            {
                header = header is null && h.Format == BundleFormat.Name ? h
                    : throw new InvalidBundleException(header is null ? $"{at}: format '{h.Format}' is not {BundleFormat.Name}" : $"{at}: a second header");
                continue;
            }

            if (header is null)
            {
                throw new InvalidBundleException($"{at}: a bundle starts with its header line");
            }

            if (line.Manifest is { } m)
            {
                manifest = m;
                continue;
            }

            var e = line.Event!;
            at = $"{at} (stream {e.Stream}, version {e.Version}, sequence {e.Sequence})";
            if (e.Sequence <= previous)
            {
                throw new InvalidBundleException($"{at}: events must be in ascending sequence order");
            }

            var type = names.TypeOf(e.Type) ?? throw new InvalidBundleException($"{at}: event type '{e.Type}' is unknown to this Tracker");
            if (e.Hash is null || (e.Headers.TryGetValue(EventHash.HeaderKey, out var inHeader) && inHeader != e.Hash))
            {
                throw new InvalidBundleException($"{at}: the event has no hash (or two different ones); only hashed history can be imported");
            }

            if (!chains.TryGetValue(e.Stream, out var chain))
            {
                chains[e.Stream] = chain = new StreamChain(e.Stream);
            }

            chain.Add(e.Version, e.Sequence, e.Type, e.Timestamp, e.Data, new AuditMetadata(e.CorrelationId, e.CausationId, e.User, e.Headers), e.Hash);
            if (chain.Break is { } broken)
            {
                throw new InvalidBundleException($"{at}: does not verify: {broken.Reason}");
            }

            // What this Tracker's types would store must be exactly what was exported, or the imported chain would break.
            var raw = e.Data.GetRawText();
            var stored = serializer.ToJson(serializer.FromJson(type, new MemoryStream(Encoding.UTF8.GetBytes(raw))));
            if (!CanonicalJson.ToBytes(raw).AsSpan().SequenceEqual(CanonicalJson.ToBytes(stored)))
            {
                throw new InvalidBundleException($"{at}: the data of this {e.ClrType} would not be stored as exported by this Tracker's version of the type");
            }

            first = events++ == 0 ? e.Sequence : first;
            previous = e.Sequence;
        }

        if (header is null || manifest is null)
        {
            throw new InvalidBundleException(header is null ? "the bundle is empty" : "the bundle has no manifest line: it was cut short");
        }

        var report = Verify.ChainVerifier.Report(header.Study, chains.Values, 0);
        var heads = manifest.Heads.ToDictionary(h => h.StreamId);
        if (manifest.Study != header.Study || manifest.Events != events || manifest.Streams != chains.Count
            || report.Heads.Any(h => !heads.TryGetValue(h.StreamId, out var listed) || listed != h) || manifest.Anchor != report.Anchor)
        {
            throw new InvalidBundleException($"the manifest does not match the events (manifest: {manifest.Events} events in {manifest.Streams} streams, anchor {manifest.Anchor}; " +
                $"events: {events} in {chains.Count} streams, anchor {report.Anchor})");
        }

        if (!chains.ContainsKey(DeterministicGuid.ForStudy(header.Study)))
        {
            throw new InvalidBundleException($"the bundle does not hold the stream of study '{header.Study}'");
        }

        return new BundlePlan(header.Study, events, first, chains.ToDictionary(c => c.Key, c => c.Value.Version), report.Anchor);
    }

    private async IAsyncEnumerable<IEvent> EventsAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var serializer = store.Options.Serializer();
        var graph = ((DocumentStore)store).Events;
        await foreach (var line in BundleFile.ReadAsync(path, ct))
        {
            if (line.Event is not { } e)
            {
                continue;
            }

            var data = serializer.FromJson(names.TypeOf(e.Type)!, new MemoryStream(Encoding.UTF8.GetBytes(e.Data.GetRawText())));
            var stored = graph.BuildEvent(data);
            stored.Id = e.Id;
            stored.StreamId = e.Stream;
            stored.Version = e.Version;
            stored.Sequence = e.Sequence;
            stored.Timestamp = e.Timestamp;
            stored.CorrelationId = e.CorrelationId;
            stored.CausationId = e.CausationId;
            stored.UserName = e.User;
            stored.Headers = e.Headers.ToDictionary(h => h.Key, h => (object)h.Value, StringComparer.Ordinal);
            stored.Headers[EventHash.HeaderKey] = e.Hash!;
            yield return stored;
        }
    }

    /// <summary>The bulk import bypasses inline projections: fold the run and study summaries from the imported events
    /// with the projections' own code. Async projections catch up by themselves.</summary>
    private async Task FoldInlineReadModelsAsync(BundlePlan plan, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var streams = plan.Versions.Keys.ToList();
        var studyStream = DeterministicGuid.ForStudy(plan.Study);
        var runs = streams.Where(s => s != studyStream).ToList();
        var summaries = ((DocumentStore)store).Options.Projections.AggregatorFor<RunSummary>();
        foreach (var chunk in runs.Chunk(100))
        {
            var events = await session.Events.QueryAllRawEvents().Where(e => chunk.Contains(e.StreamId)).OrderBy(e => e.Sequence).ToListAsync(ct);
            foreach (var stream in events.GroupBy(e => e.StreamId))
            {
                if (await summaries.BuildAsync(stream.ToList(), session, null, ct) is { } summary)
                {
                    session.Store(summary);
                }
            }
        }

        var studies = await session.Events.QueryAllRawEvents()
            .Where(e => streams.Contains(e.StreamId) && e.EventTypesAre(TimeTravel.DatasetAsOfEndpoint.SummaryEvents))
            .OrderBy(e => e.Sequence)
            .AggregateToManyAsync<StudySummary>(ct);
        session.Store(studies.ToArray());
        await session.SaveChangesAsync(ct);
    }

    private async Task<List<Guid>> ExistingAsync(IEnumerable<Guid> streams, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select id from {store.Options.Events.DatabaseSchemaName}.mt_streams where id = any(@ids)", connection);
        command.Parameters.AddWithValue("ids", streams.ToArray());
        var found = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            found.Add(reader.GetGuid(0));
        }

        return found;
    }

    private async Task<long> MaxSequenceAsync(CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {store.Options.Events.DatabaseSchemaName}.mt_events", connection);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private sealed record BundlePlan(string Study, long Events, long FirstSequence, Dictionary<Guid, long> Versions, string Anchor);
}

/// <summary>The bundle is sound but this store already holds part of it.</summary>
public sealed class BundleConflictException(string message) : Exception(message);
