using PresenceCluster.Partners;

namespace PresenceCluster.OAuth;

/// <summary>A registered partner application as the registry stores it.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.PartnerRecord")]
public sealed record class PartnerRecord
{
    [Id(0)] public required string ApplicationId { get; init; }

    [Id(1)] public required string Realm { get; init; }

    /// <summary>Null when registered by certificate.</summary>
    [Id(2)] public Uri? MetadataUrl { get; init; }

    /// <summary>The signing certificates (DER) of the last good metadata fetch, or as registered.</summary>
    [Id(3)] public IReadOnlyList<byte[]> Certificates { get; init; } = [];

    [Id(4)] public TrustLevel TrustLevel { get; init; }

    [Id(5)] public bool Enabled { get; init; }

    [Id(6)] public PartnerOperations Operations { get; init; }

    [Id(7)] public DateTimeOffset? LastRefreshed { get; init; }

    [Id(8)] public string? LastRefreshError { get; init; }

    [Id(9)] public DateTimeOffset? LastRefreshFailed { get; init; }
}
