namespace PresenceCluster.Partners;

/// <summary>
/// What an administrator asks for when adding a partner application: either its metadata URL (the document names
/// the application, the realm and the keys, and is refreshed on a schedule) or its certificates, given directly.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.PartnerRegistration")]
public sealed record class PartnerRegistration
{
    /// <summary>The partner's metadata document (https, or http on loopback). Null when certificates are given.</summary>
    [Id(0)] public Uri? MetadataUrl { get; init; }

    /// <summary>The partner's application id. Taken from the metadata document when null.</summary>
    [Id(1)] public string? ApplicationId { get; init; }

    /// <summary>The realm the partner issues tokens in. Taken from the metadata document when null.</summary>
    [Id(2)] public string? Realm { get; init; }

    /// <summary>The partner's token-signing certificates (DER), when registered without a metadata URL.</summary>
    [Id(3)] public IReadOnlyList<byte[]> Certificates { get; init; } = [];

    /// <summary>How far the partner is trusted. Default Full.</summary>
    [Id(4)] public TrustLevel TrustLevel { get; init; } = TrustLevel.Full;

    /// <summary>Whether its tokens are accepted. Default true.</summary>
    [Id(5)] public bool Enabled { get; init; } = true;

    /// <summary>The partner API operations it may call. Default all.</summary>
    [Id(6)] public PartnerOperations Operations { get; init; } = PartnerOperations.All;
}
