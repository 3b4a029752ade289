using PresenceCluster.Privacy;

namespace PresenceCluster.Auth;

/// <summary>The cluster's own OAuth server-to-server identity (docs/oauth-s2s.md). Section <c>OAuth</c> of the configuration.</summary>
public sealed class OAuthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "OAuth";

    /// <summary>The well-known application id of Lync/Skype for Business, so partners set up for Lync trust us unchanged.</summary>
    public const string LyncApplicationId = "00000004-0000-0ff1-ce00-000000000000";

    /// <summary>The realm tokens are issued in and accepted from (default: the default SIP domain).</summary>
    public string Realm { get; set; } = string.Empty;

    /// <summary>Our application id. Default the Lync/Skype id.</summary>
    public string ApplicationId { get; set; } = LyncApplicationId;

    /// <summary>Our host name, as partners address us in audiences.</summary>
    public string HostName { get; set; } = string.Empty;

    /// <summary>How long issued tokens live (1 minute–1 day). Default 1 hour.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Clock difference tolerated when checking nbf/exp (0–10 minutes). Default 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The highest <see cref="MaxTokenLength"/> may be set; the HTTP front accepts request headers sized for it.</summary>
    public const int MaxTokenLengthLimit = 65_536;

    /// <summary>
    /// The largest token accepted, in characters (1–65536). Default 16384. A longer one is answered 401 with the
    /// Bearer challenge and reason 101 Oversize.
    /// </summary>
    public int MaxTokenLength { get; set; } = 16_384;

    /// <summary>SIP domains whose users partners may act for. Default: the realm alone.</summary>
    public IList<string> UserDomains { get; } = [];

    /// <summary>
    /// The token-issuer certificate: a .pfx/.p12 (with <see cref="CertificatePassword"/>) or a .pem holding the
    /// certificate and its RSA (≥ 2048 bits) private key. Empty: one is generated once and kept in the data directory.
    /// It seeds the cluster's certificate; after that the cluster's own copy (rolled over with presencectl) signs.
    /// </summary>
    public string CertificatePath { get; set; } = string.Empty;

    /// <summary>Where a generated token-issuer certificate is kept. Default: the SQLite data directory (<c>data</c>).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The password of a .pfx <see cref="CertificatePath"/>.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>How often partners' metadata documents are fetched again (1 minute–7 days). Default 1 hour.</summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often each silo checks its copy of the partner registry against the durable one (5 seconds–1 hour). Default 1 minute; changes made through the registry arrive at once anyway.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The access level whose views an app-only partner call gets (not Blocked). Default Colleagues.</summary>
    public AccessLevel AppOnlyAccessLevel { get; set; } = AccessLevel.Colleagues;

    /// <summary>Partner applications declared in configuration, registered by every silo at start-up.</summary>
    public IList<ConfiguredPartner> Partners { get; } = [];

    /// <summary>The audience partners must address tokens to: <c>appId/host@realm</c>.</summary>
    public string OwnAudience => $"{ApplicationId}/{HostName}@{Realm}";

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(Realm))
        {
            failures.Add("OAuth:Realm is empty; set OAuth:Realm, or Sip:DefaultDomain which it defaults to.");
        }

        if (string.IsNullOrWhiteSpace(ApplicationId) || ApplicationId.Contains('@', StringComparison.Ordinal) || ApplicationId.Contains('/', StringComparison.Ordinal))
        {
            failures.Add($"OAuth:ApplicationId '{ApplicationId}' must be non-empty without '@' or '/'.");
        }

        if (string.IsNullOrWhiteSpace(HostName))
        {
            failures.Add("OAuth:HostName is empty; set the host name partners address this cluster by.");
        }

        if (TokenLifetime < TimeSpan.FromMinutes(1) || TokenLifetime > TimeSpan.FromDays(1))
        {
            failures.Add($"OAuth:TokenLifetime is {TokenLifetime}; it must be between 00:01:00 and 1.00:00:00.");
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(10))
        {
            failures.Add($"OAuth:ClockSkew is {ClockSkew}; it must be between 00:00:00 and 00:10:00.");
        }

        if (MaxTokenLength is < 1 or > MaxTokenLengthLimit)
        {
            failures.Add($"OAuth:MaxTokenLength is {MaxTokenLength}; it must be between 1 and {MaxTokenLengthLimit}.");
        }

        if (MetadataRefreshInterval < TimeSpan.FromMinutes(1) || MetadataRefreshInterval > TimeSpan.FromDays(7))
        {
            failures.Add($"OAuth:MetadataRefreshInterval is {MetadataRefreshInterval}; it must be between 00:01:00 and 7.00:00:00.");
        }

        if (SyncInterval < TimeSpan.FromSeconds(5) || SyncInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"OAuth:SyncInterval is {SyncInterval}; it must be between 00:00:05 and 01:00:00.");
        }

        for (var i = 0; i < Partners.Count; i++)
        {
            failures.AddRange(Partners[i].Validate(i));
        }

        if (AppOnlyAccessLevel is AccessLevel.Blocked || !Enum.IsDefined(AppOnlyAccessLevel))
        {
            failures.Add($"OAuth:AppOnlyAccessLevel is {AppOnlyAccessLevel}; it must be External, Colleagues, Workgroup or FriendsAndFamily.");
        }

        return failures;
    }
}
