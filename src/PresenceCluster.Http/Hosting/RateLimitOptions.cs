namespace PresenceCluster.Http.Hosting;

/// <summary>
/// How many requests one caller may make per window, before 429 with <c>Retry-After</c> (Graph's answer to
/// throttling). Section <c>RateLimit</c>. A caller is the signed-in user (end-user API), the partner application
/// (partner API), or the client address when a request carries no accepted token.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "RateLimit";

    /// <summary>The window the counts apply to (1 s–1 h). Default 30 s, Graph's presence window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Requests per window for one end user (1–1,000,000). Default 1,500, Graph's presence budget.</summary>
    public int UserRequests { get; set; } = 1_500;

    /// <summary>Requests per window for one partner application (1–1,000,000). Default 15,000.</summary>
    public int PartnerRequests { get; set; } = 15_000;

    /// <summary>Requests per window from one address without an accepted token (1–1,000,000). Default 300.</summary>
    public int AnonymousRequests { get; set; } = 300;

    /// <summary>
    /// Change notifications per window from one sending address (Microsoft Graph posting calendar changes for every
    /// mailbox) (1–1,000,000). Default 6,000 (200 a second).
    /// </summary>
    public int NotificationRequests { get; set; } = 6_000;

    /// <summary>
    /// Requests per window from one client address, counted before any token is checked, on every route but the health
    /// probes (1–1,000,000): a flood guard, generous because many users may share an address. Default 30,000.
    /// </summary>
    public int AddressRequests { get; set; } = 30_000;

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (Window < TimeSpan.FromSeconds(1) || Window > TimeSpan.FromHours(1))
        {
            failures.Add($"RateLimit:Window is {Window}; it must be between 00:00:01 and 01:00:00.");
        }

        foreach (var (name, value) in new[] { ("UserRequests", UserRequests), ("PartnerRequests", PartnerRequests), ("AnonymousRequests", AnonymousRequests), ("NotificationRequests", NotificationRequests), ("AddressRequests", AddressRequests) })
        {
            if (value is < 1 or > 1_000_000)
            {
                failures.Add($"RateLimit:{name} is {value}; it must be between 1 and 1000000.");
            }
        }

        return failures;
    }
}
