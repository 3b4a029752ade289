using PresenceCluster.Auth;

namespace PresenceCluster.OAuth;

/// <summary>
/// One silo's copy of the cluster's OAuth trust, read without locks by token validation and issuing: the
/// partners by application id and the token-issuer certificates. Fed by the registry (pushed on every change,
/// pulled at start and on a schedule); the newest version wins.
/// </summary>
public sealed class OAuthDirectory
{
    private Snapshot _snapshot = new(-1, new Dictionary<string, PartnerApplication>(StringComparer.OrdinalIgnoreCase), null);

    /// <summary>The version of the registry this copy holds (-1 before the first).</summary>
    public long Version => _snapshot.Version;

    /// <summary>The token-issuer certificates, or null while the cluster has none.</summary>
    public SigningCertificates? Signing => _snapshot.Signing;

    /// <summary>The partner with <paramref name="applicationId"/>, or null.</summary>
    public PartnerApplication? FindPartner(string applicationId) =>
        _snapshot.Partners.GetValueOrDefault(applicationId);

    /// <summary>Takes <paramref name="record"/> if it is newer than the copy held.</summary>
    public void Apply(OAuthRegistryRecord record)
    {
        var current = _snapshot;
        if (record.Version <= current.Version)
        {
            return;
        }

        var partners = record.Partners.ToDictionary(
            p => p.ApplicationId,
            p => new PartnerApplication
            {
                ApplicationId = p.ApplicationId,
                Realm = p.Realm,
                TrustLevel = p.TrustLevel,
                Enabled = p.Enabled,
                Operations = p.Operations,
                SigningCertificates = PartnerCertificates.LoadAllPublic(p.Certificates),
            },
            StringComparer.OrdinalIgnoreCase);
        var next = new Snapshot(record.Version, partners, SigningRollover.Load(record));

        // Two copies may be applied at once (a push and a pull); the newer must win.
        while (Interlocked.CompareExchange(ref _snapshot, next, current) != current)
        {
            current = _snapshot;
            if (current.Version >= next.Version)
            {
                return;
            }
        }
    }

    private sealed record class Snapshot(long Version, IReadOnlyDictionary<string, PartnerApplication> Partners, SigningCertificates? Signing);
}
