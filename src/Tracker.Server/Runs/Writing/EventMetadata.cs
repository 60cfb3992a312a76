using Marten;
using Tracker.Contracts.Messaging;

namespace Tracker.Server.Runs.Writing;

/// <summary>Who, where and why, stamped on every event of one command.</summary>
public sealed record EventMetadata(string? CorrelationId, string? CausationId, CommandOrigin Origin)
{
    public void ApplyTo(IDocumentSession session)
    {
        session.CorrelationId = CorrelationId;
        session.CausationId = CausationId;
        session.LastModifiedBy = Origin.User;
        if (Origin.Client is { } client)
        {
            session.SetHeader("client", client);
        }

        if (Origin.Host is { } host)
        {
            session.SetHeader("host", host);
        }
    }
}
