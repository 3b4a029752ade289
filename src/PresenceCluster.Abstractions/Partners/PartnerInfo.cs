namespace PresenceCluster.Partners;

/// <summary>A registered partner application and the state of its keys.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.PartnerInfo")]
public sealed record class PartnerInfo
{
    /// <summary>The partner's application id.</summary>
    [Id(0)] public required string ApplicationId { get; init; }

    /// <summary>The realm it issues tokens in.</summary>
    [Id(1)] public required string Realm { get; init; }

    /// <summary>Where its metadata is fetched from; null when registered by certificate.</summary>
    [Id(2)] public Uri? MetadataUrl { get; init; }

    /// <summary>How far it is trusted.</summary>
    [Id(3)] public TrustLevel TrustLevel { get; init; }

    /// <summary>Whether its tokens are accepted.</summary>
    [Id(4)] public bool Enabled { get; init; }

    /// <summary>The partner API operations it may call.</summary>
    [Id(5)] public PartnerOperations Operations { get; init; }

    /// <summary>Its token-signing certificates in use.</summary>
    [Id(6)] public IReadOnlyList<PartnerKeyInfo> Keys { get; init; } = [];

    /// <summary>When its metadata was last fetched successfully.</summary>
    [Id(7)] public DateTimeOffset? LastRefreshed { get; init; }

    /// <summary>Why the last refresh failed, when it did (the keys of the last good fetch stay in use until they expire).</summary>
    [Id(8)] public string? LastRefreshError { get; init; }

    /// <summary>When the last failed refresh happened.</summary>
    [Id(9)] public DateTimeOffset? LastRefreshFailed { get; init; }
}
