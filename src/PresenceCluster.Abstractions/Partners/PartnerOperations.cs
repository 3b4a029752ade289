namespace PresenceCluster.Partners;

/// <summary>The partner API operations a partner application may call.</summary>
[Flags]
[GenerateSerializer, Alias("PresenceCluster.PartnerOperations")]
public enum PartnerOperations
{
    /// <summary>Nothing: the partner is trusted but may call no operation.</summary>
    None = 0,

    /// <summary><c>POST /partner/v1/presence</c>: batch presence lookups.</summary>
    PresenceRead = 1,

    /// <summary>Every operation there is.</summary>
    All = PresenceRead,
}
