using PresenceCluster.Partners;

namespace PresenceCluster.Auth;

/// <summary>
/// A partner application declared in configuration (<c>OAuth:Partners:N:…</c>); every silo registers it when it
/// starts, so for a declared partner the configuration wins over earlier presencectl changes.
/// </summary>
public sealed class ConfiguredPartner
{
    /// <summary>The partner's metadata document URL; or give <see cref="CertificatePaths"/>.</summary>
    public string? MetadataUrl { get; set; }

    /// <summary>The partner's application id (default: from the metadata document).</summary>
    public string? ApplicationId { get; set; }

    /// <summary>The partner's realm (default: from the metadata document).</summary>
    public string? Realm { get; set; }

    /// <summary>Files of the partner's signing certificates (DER or PEM), instead of a metadata URL.</summary>
    public IList<string> CertificatePaths { get; } = [];

    /// <summary>Full (default), Application or User.</summary>
    public TrustLevel TrustLevel { get; set; } = TrustLevel.Full;

    /// <summary>Whether its tokens are accepted. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The partner API operations it may call. Default All.</summary>
    public PartnerOperations Operations { get; set; } = PartnerOperations.All;

    /// <summary>Every problem with this declaration; <paramref name="index"/> names it in messages.</summary>
    public IEnumerable<string> Validate(int index)
    {
        var name = $"OAuth:Partners:{index}";
        var byUrl = !string.IsNullOrWhiteSpace(MetadataUrl);
        if (byUrl == (CertificatePaths.Count > 0))
        {
            yield return $"{name} needs either MetadataUrl or CertificatePaths, not both and not neither.";
        }

        if (byUrl && !Uri.TryCreate(MetadataUrl, UriKind.Absolute, out _))
        {
            yield return $"{name}:MetadataUrl '{MetadataUrl}' is not an absolute URL.";
        }

        foreach (var path in CertificatePaths.Where(p => !File.Exists(p)))
        {
            yield return $"{name}:CertificatePaths names '{path}', which does not exist.";
        }

        if (!byUrl && (string.IsNullOrWhiteSpace(ApplicationId) || string.IsNullOrWhiteSpace(Realm)))
        {
            yield return $"{name} is registered by certificate and needs ApplicationId and Realm.";
        }
    }
}
