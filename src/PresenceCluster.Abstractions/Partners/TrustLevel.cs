namespace PresenceCluster.Partners;

/// <summary>What a partner application may do (docs/oauth-s2s.md).</summary>
[GenerateSerializer, Alias("PresenceCluster.TrustLevel")]
public enum TrustLevel
{
    /// <summary>Acts as itself and as any user of the realm.</summary>
    Full = 0,

    /// <summary>Acts as itself only; acting for a user needs consent, which this cluster does not grant.</summary>
    Application = 1,

    /// <summary>Acts only for users (with consent).</summary>
    User = 2,
}
