namespace PresenceCluster.Http.Authentication;

/// <summary>The names the server-to-server scheme, its claims and its policies go by.</summary>
public static class S2SAuthenticationDefaults
{
    /// <summary>The authentication scheme of partner servers' S2S bearer tokens.</summary>
    public const string Scheme = "S2S";

    /// <summary>Claim: the partner's application id.</summary>
    public const string PartnerClaim = "presence:partner";

    /// <summary>Claim: the partner's trust level (Full, Application, User).</summary>
    public const string TrustLevelClaim = "presence:trust";

    /// <summary>Claim, one per operation the partner may call (a <c>PartnerOperations</c> flag name).</summary>
    public const string OperationClaim = "presence:operation";

    /// <summary>Claim: the user a delegated token acts for, as a normalised SIP URI (absent for app-only tokens).</summary>
    public const string ActingUserClaim = "presence:acting-user";
}
