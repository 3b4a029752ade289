namespace PresenceCluster.OAuth;

/// <summary>
/// The cluster's OAuth trust as stored, and as handed to every silo: the partners and the token-issuer
/// certificates (PKCS#12 with their private keys, without password — the store must be protected like the key).
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.OAuthRegistryRecord")]
public sealed record class OAuthRegistryRecord
{
    /// <summary>Grows with every change, so that a silo keeps the newest copy whatever order copies arrive in.</summary>
    [Id(0)] public long Version { get; init; }

    [Id(1)] public IReadOnlyList<PartnerRecord> Partners { get; init; } = [];

    /// <summary>The certificate that signs (until <see cref="NextEffective"/> when one is staged). Null until a silo seeds it.</summary>
    [Id(2)] public byte[]? CurrentCertificate { get; init; }

    [Id(3)] public byte[]? NextCertificate { get; init; }

    [Id(4)] public DateTimeOffset? NextEffective { get; init; }
}
