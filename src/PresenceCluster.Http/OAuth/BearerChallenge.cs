using PresenceCluster.Auth;

namespace PresenceCluster.Http.OAuth;

/// <summary>The <c>WWW-Authenticate</c> challenge a 401 carries (docs/oauth-s2s.md), so partners learn whom to address.</summary>
public static class BearerChallenge
{
    /// <summary><c>Bearer realm="…", client_id="…", trusted_issuers="…@*"</c>, with an OAuth error code when a token was refused.</summary>
    public static string For(OAuthOptions options, bool tokenRefused) =>
        $"Bearer realm=\"{options.Realm}\", client_id=\"{options.ApplicationId}\", trusted_issuers=\"{options.ApplicationId}@*\""
        + (tokenRefused ? ", error=\"invalid_token\"" : string.Empty);
}
