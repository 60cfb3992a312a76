using Microsoft.AspNetCore.Routing.Matching;

namespace Tracker.Server.Audit.TimeTravel;

/// <summary>Marks an endpoint that shares its route with another module's endpoint and answers only requests that carry
/// one of <see cref="Keys"/> in the query (e.g. <c>GET /api/v1/runs/{id}?asOf=…</c>), so time travel lives here while
/// the live answer stays where it is.</summary>
public sealed class QueryVariantMetadata(params string[] keys)
{
    public IReadOnlyList<string> Keys { get; } = keys;
}

/// <summary>Chooses between an endpoint and its query variants by the query string; without it both would match the
/// route and the request would fail as ambiguous.</summary>
public sealed class QueryVariantMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<QueryVariantMetadata>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var query = httpContext.Request.Query;
        var wanted = new List<IReadOnlyList<string>>();
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && Variant(candidates, i) is { } variant && variant.Keys.Any(query.ContainsKey))
            {
                wanted.Add(Methods(candidates, i));
            }
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i))
            {
                continue;
            }

            var keep = Variant(candidates, i) is { } variant
                ? variant.Keys.Any(query.ContainsKey)
                : !wanted.Any(methods => methods.Count == 0 || Methods(candidates, i).Count == 0 || methods.Intersect(Methods(candidates, i), StringComparer.OrdinalIgnoreCase).Any());
            if (!keep)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }

    private static QueryVariantMetadata? Variant(CandidateSet candidates, int i) => candidates[i].Endpoint.Metadata.GetMetadata<QueryVariantMetadata>();

    private static IReadOnlyList<string> Methods(CandidateSet candidates, int i) =>
        candidates[i].Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
}
