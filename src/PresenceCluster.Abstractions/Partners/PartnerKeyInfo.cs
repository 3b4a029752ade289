namespace PresenceCluster.Partners;

/// <summary>One token-signing certificate, as administrators see it.</summary>
/// <param name="Thumbprint">The x5t: base64url SHA-1 of the DER certificate, as tokens name it.</param>
/// <param name="Subject">The certificate's subject.</param>
/// <param name="NotAfter">When it expires; after this it is not used even if nothing replaced it.</param>
[GenerateSerializer, Immutable, Alias("PresenceCluster.PartnerKeyInfo")]
public sealed record class PartnerKeyInfo(
    [property: Id(0)] string Thumbprint,
    [property: Id(1)] string Subject,
    [property: Id(2)] DateTimeOffset NotAfter);
