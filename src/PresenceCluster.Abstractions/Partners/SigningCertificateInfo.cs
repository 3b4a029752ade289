namespace PresenceCluster.Partners;

/// <summary>The cluster's OAuth identity and token-issuer certificates, as administrators see them.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.SigningCertificateInfo")]
public sealed record class SigningCertificateInfo
{
    /// <summary>Our issuer, <c>appId@realm</c>.</summary>
    [Id(0)] public required string Issuer { get; init; }

    /// <summary>The audience partners address tokens to: <c>appId/host@realm</c>.</summary>
    [Id(1)] public required string Audience { get; init; }

    /// <summary>The certificate that signs now (or until the staged one takes over).</summary>
    [Id(2)] public required PartnerKeyInfo Current { get; init; }

    /// <summary>The staged next certificate, if a rollover is under way.</summary>
    [Id(3)] public PartnerKeyInfo? Next { get; init; }

    /// <summary>When the staged certificate starts signing.</summary>
    [Id(4)] public DateTimeOffset? NextEffective { get; init; }

    /// <summary>Issued tokens' lifetime.</summary>
    [Id(5)] public TimeSpan TokenLifetime { get; init; }
}
