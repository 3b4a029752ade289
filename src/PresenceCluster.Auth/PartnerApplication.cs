using System.Security.Cryptography.X509Certificates;
using PresenceCluster.Partners;

namespace PresenceCluster.Auth;

/// <summary>A registered partner (Exchange, SharePoint, …): who it is, in which realm, how far it is trusted, its keys.</summary>
public sealed record class PartnerApplication
{
    /// <summary>The partner's application id (the part of its issuer before '@').</summary>
    public required string ApplicationId { get; init; }

    /// <summary>The realm the partner issues tokens in.</summary>
    public required string Realm { get; init; }

    /// <summary>How far the partner is trusted.</summary>
    public TrustLevel TrustLevel { get; init; } = TrustLevel.Full;

    /// <summary>Whether the partner's tokens are accepted at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The partner API operations it may call.</summary>
    public PartnerOperations Operations { get; init; } = PartnerOperations.All;

    /// <summary>The partner's token-signing certificates (from its metadata document or registered directly).</summary>
    public IReadOnlyList<X509Certificate2> SigningCertificates { get; init; } = [];

    /// <summary>The issuer its tokens carry: <c>appId@realm</c>.</summary>
    public string Issuer => $"{ApplicationId}@{Realm}";
}
