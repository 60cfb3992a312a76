using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tracker.Server.OpenApi;

/// <summary>Title, version and the few rules every call shares (design.md §6).</summary>
internal sealed class DocumentInfo : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Tracker API",
            Version = "v1",
            Description = """
                Event-sourced experiment tracking for scaling studies of RL post-training. All bodies are JSON in camelCase
                (CSV for the CSV imports). A 2xx answer means the data is committed in PostgreSQL, and every write is
                idempotent: repeating it stores nothing new. Errors are RFC 9457 problem details whose `detail` says what
                was wrong and where; invalid input (400) also lists each problem in `errors` as `{ field, message }`.
                A 503 carries `Retry-After`: retrying is safe.
                """,
        };
        return Task.CompletedTask;
    }
}
