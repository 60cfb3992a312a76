namespace Tracker.Server.Security;

/// <summary>Tracker:Auth settings. Secrets (AdminToken, Oidc:ClientSecret) come from the environment or a secret
/// store, never from a file in the repository.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Tracker:Auth";

    /// <summary>Anonymous read-write for requests from this machine (./ops/up sets it). Refused on other addresses.</summary>
    public bool AnonymousLoopback { get; set; }

    /// <summary>An operator-chosen server admin token (e.g. from a secret store) instead of the one printed at first start.</summary>
    public string? AdminToken { get; set; }

    public OidcOptions Oidc { get; set; } = new();

    public sealed class OidcOptions
    {
        /// <summary>Sign-in through an OpenID Connect provider is on when the authority is set.</summary>
        public string? Authority { get; set; }

        public string? ClientId { get; set; }

        public string? ClientSecret { get; set; }

        /// <summary>The claim whose values are grants "project=scope" (e.g. a groups claim mapped by the provider).</summary>
        public string GrantsClaim { get; set; } = "tracker_grants";
    }
}
