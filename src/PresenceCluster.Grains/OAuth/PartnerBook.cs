using PresenceCluster.Auth;
using PresenceCluster.Errors;
using PresenceCluster.Partners;

namespace PresenceCluster.OAuth;

/// <summary>
/// The rules of the partner registry, apart from storage and I/O: what a registration must hold, and how adding,
/// enabling, removing and refreshing change the stored record. Every change returns a new record with a higher
/// version; bad input throws <see cref="InvalidInputException"/> and changes nothing.
/// </summary>
public sealed class PartnerBook(string ownRealm)
{
    /// <summary>The most partners one cluster registers.</summary>
    public const int MaxPartners = 256;

    private const int MaxApplicationIdLength = 128;

    /// <summary>Checks what can be checked before a metadata document is fetched.</summary>
    public static void ValidateRegistration(PartnerRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var byUrl = registration.MetadataUrl is not null;
        var byCertificate = registration.Certificates.Count > 0;
        if (byUrl == byCertificate)
        {
            throw new InvalidInputException("registration", "needs either a metadata URL or certificates, not both and not neither");
        }

        if (byUrl && !SecureEndpoint.IsAllowed(registration.MetadataUrl))
        {
            throw new InvalidInputException("metadataUrl", $"'{registration.MetadataUrl}' must be an absolute https URL (http only on loopback)");
        }

        if (!byUrl && (string.IsNullOrWhiteSpace(registration.ApplicationId) || string.IsNullOrWhiteSpace(registration.Realm)))
        {
            throw new InvalidInputException("registration", "by certificate needs the partner's application id and realm");
        }

        if (!Enum.IsDefined(registration.TrustLevel))
        {
            throw new InvalidInputException("trustLevel", $"{registration.TrustLevel} is not Full, Application or User");
        }

        if ((registration.Operations & ~PartnerOperations.All) != 0)
        {
            throw new InvalidInputException("operations", $"{registration.Operations} names unknown operations; known: {PartnerOperations.All}");
        }
    }

    /// <summary>
    /// Adds (or replaces) the partner <paramref name="registration"/> describes; <paramref name="document"/> is its
    /// fetched metadata when registered by URL.
    /// </summary>
    public OAuthRegistryRecord Add(OAuthRegistryRecord record, PartnerRegistration registration, MetadataDocument? document, DateTimeOffset now)
    {
        ValidateRegistration(registration);
        var applicationId = Pick("applicationId", registration.ApplicationId, document?.ApplicationId);
        var realm = Pick("realm", registration.Realm, document?.Realm);
        if (applicationId.Length > MaxApplicationIdLength || applicationId.Contains('@', StringComparison.Ordinal) || applicationId.Contains('/', StringComparison.Ordinal))
        {
            throw new InvalidInputException("applicationId", $"'{applicationId}' must be 1–{MaxApplicationIdLength} characters without '@' or '/'");
        }

        if (!string.Equals(realm, ownRealm, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException("realm", $"'{realm}' is not this cluster's realm '{ownRealm}'; every token of the partner would be refused");
        }

        var certificates = document is not null
            ? document.SigningCertificates.Select(c => c.RawData).ToList()
            : registration.Certificates.ToList();
        foreach (var der in certificates)
        {
            if (PartnerCertificates.TryLoadPublic(der, out var problem) is null)
            {
                throw new InvalidInputException("certificates", problem);
            }
        }

        var others = record.Partners.Where(p => !SameId(p.ApplicationId, applicationId)).ToList();
        if (others.Count >= MaxPartners)
        {
            throw new LimitReachedException("partners", MaxPartners);
        }

        others.Add(new PartnerRecord
        {
            ApplicationId = applicationId,
            Realm = realm,
            MetadataUrl = registration.MetadataUrl,
            Certificates = certificates,
            TrustLevel = registration.TrustLevel,
            Enabled = registration.Enabled,
            Operations = registration.Operations,
            LastRefreshed = document is null ? null : now,
        });
        return record with { Version = record.Version + 1, Partners = others };
    }

    /// <summary>Enables or disables the partner.</summary>
    public static OAuthRegistryRecord SetEnabled(OAuthRegistryRecord record, string applicationId, bool enabled) =>
        Change(record, applicationId, p => p with { Enabled = enabled });

    /// <summary>Removes the partner.</summary>
    public static OAuthRegistryRecord Remove(OAuthRegistryRecord record, string applicationId)
    {
        Find(record, applicationId);
        return record with { Version = record.Version + 1, Partners = [.. record.Partners.Where(p => !SameId(p.ApplicationId, applicationId))] };
    }

    /// <summary>Takes the keys of a freshly fetched document. A document that names another issuer is a failure.</summary>
    public static OAuthRegistryRecord RefreshSucceeded(OAuthRegistryRecord record, string applicationId, MetadataDocument document, DateTimeOffset now)
    {
        var partner = Find(record, applicationId);
        if (!SameId(document.ApplicationId, partner.ApplicationId) || !string.Equals(document.Realm, partner.Realm, StringComparison.OrdinalIgnoreCase))
        {
            return RefreshFailed(record, applicationId, $"the document now names issuer '{document.Issuer}', not '{partner.ApplicationId}@{partner.Realm}'", now);
        }

        return Change(record, applicationId, p => p with
        {
            Certificates = [.. document.SigningCertificates.Select(c => c.RawData)],
            LastRefreshed = now,
            LastRefreshError = null,
            LastRefreshFailed = null,
        });
    }

    /// <summary>Records a failed refresh; the keys of the last good fetch stay in use until they expire.</summary>
    public static OAuthRegistryRecord RefreshFailed(OAuthRegistryRecord record, string applicationId, string error, DateTimeOffset now) =>
        Change(record, applicationId, p => p with { LastRefreshError = error, LastRefreshFailed = now });

    /// <summary>Partners registered by URL whose last fetch (good or failed) is at least <paramref name="interval"/> old.</summary>
    public static IEnumerable<PartnerRecord> DueForRefresh(OAuthRegistryRecord record, DateTimeOffset now, TimeSpan interval) =>
        record.Partners.Where(p => p.MetadataUrl is not null && Max(p.LastRefreshed, p.LastRefreshFailed) + interval <= now);

    /// <summary>What administrators see of a partner.</summary>
    public static PartnerInfo ToInfo(PartnerRecord partner) => new()
    {
        ApplicationId = partner.ApplicationId,
        Realm = partner.Realm,
        MetadataUrl = partner.MetadataUrl,
        TrustLevel = partner.TrustLevel,
        Enabled = partner.Enabled,
        Operations = partner.Operations,
        Keys = [.. PartnerCertificates.LoadAllPublic(partner.Certificates).Select(PartnerCertificates.Describe)],
        LastRefreshed = partner.LastRefreshed,
        LastRefreshError = partner.LastRefreshError,
        LastRefreshFailed = partner.LastRefreshFailed,
    };

    /// <summary>The stored partner with that application id.</summary>
    /// <exception cref="NotFoundException">None is registered.</exception>
    public static PartnerRecord Find(OAuthRegistryRecord record, string applicationId) =>
        record.Partners.FirstOrDefault(p => SameId(p.ApplicationId, applicationId)) ?? throw new NotFoundException("partner application", applicationId);

    /// <summary>Application ids are GUIDs in practice; compared without regard to case.</summary>
    public static bool SameId(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static string Pick(string name, string? given, string? fromDocument)
    {
        if (!string.IsNullOrWhiteSpace(given) && fromDocument is not null && !string.Equals(given, fromDocument, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidInputException(name, $"'{given}' differs from the metadata document's '{fromDocument}'");
        }

        return (string.IsNullOrWhiteSpace(given) ? fromDocument : given)?.Trim() ?? throw new InvalidInputException(name, "is missing");
    }

    private static OAuthRegistryRecord Change(OAuthRegistryRecord record, string applicationId, Func<PartnerRecord, PartnerRecord> change)
    {
        var partner = Find(record, applicationId);
        return record with { Version = record.Version + 1, Partners = [.. record.Partners.Select(p => ReferenceEquals(p, partner) ? change(p) : p)] };
    }

    private static DateTimeOffset Max(DateTimeOffset? a, DateTimeOffset? b) =>
        (a ?? DateTimeOffset.MinValue) > (b ?? DateTimeOffset.MinValue) ? a ?? DateTimeOffset.MinValue : b ?? DateTimeOffset.MinValue;
}
