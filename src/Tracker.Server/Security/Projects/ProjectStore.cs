using System.Collections.Concurrent;
using Marten;

namespace Tracker.Server.Security.Projects;

/// <summary>A project as stored. Projects are never deleted (studies are archived instead).</summary>
public sealed class ProjectRecord
{
    public string Id { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public string? CreatedBy { get; set; }
}

/// <summary>Creates and lists projects; the default project always exists. Existence is cached once known.</summary>
public sealed class ProjectStore(IDocumentStore store, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, byte> _known = new(StringComparer.Ordinal) { [Projects.Default] = 0 };

    public async Task<bool> ExistsAsync(string project, CancellationToken ct)
    {
        if (_known.ContainsKey(project))
        {
            return true;
        }

        await using var session = store.QuerySession();
        if (await session.LoadAsync<ProjectRecord>(project, ct) is null)
        {
            return false;
        }

        _known.TryAdd(project, 0);
        return true;
    }

    /// <summary>False when the project already exists.</summary>
    public async Task<bool> CreateAsync(string project, string? by, CancellationToken ct)
    {
        if (await ExistsAsync(project, ct))
        {
            return false;
        }

        await using var session = store.LightweightSession();
        session.Insert(new ProjectRecord { Id = project, CreatedAt = clock.GetUtcNow(), CreatedBy = by });
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Another node created it first (a duplicate key): report "exists"; anything else is rethrown.
            if (await ExistsAsync(project, ct))
            {
                return false;
            }

            throw;
        }

        _known.TryAdd(project, 0);
        return true;
    }

    public async Task<IReadOnlyList<ProjectRecord>> ListAsync(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var stored = await session.Query<ProjectRecord>().ToListAsync(ct);
        return [.. stored.Where(p => p.Id != Projects.Default).Prepend(new ProjectRecord { Id = Projects.Default }).OrderBy(p => p.Id, StringComparer.Ordinal)];
    }
}
