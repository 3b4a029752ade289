namespace PresenceCluster.Auth;

/// <summary>
/// A cloud OAuth token server that partners in the cloud trust instead of our own tokens: we get access tokens from
/// it with the client-credentials grant, proving who we are with a JWT signed by our certificate (RFC 7523
/// private_key_jwt). Section <c>OAuth:CloudTokenServer</c> of the configuration.
/// </summary>
public sealed class CloudTokenClientOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "OAuth:CloudTokenServer";

    /// <summary>The token endpoint, for example <c>https://login.example.com/tenant/oauth2/v2.0/token</c> (https; http only on loopback).</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>Our client id at the token server.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>How long a client assertion is valid (1–10 minutes). Default 5 minutes.</summary>
    public TimeSpan AssertionLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts per token request, counting the first (1–10). Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The delay before the first retry; it doubles for each next one, or follows the server's Retry-After (10 ms–1 minute). Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (!SecureEndpoint.IsAllowed(TokenEndpoint))
        {
            failures.Add($"{SectionName}:TokenEndpoint '{TokenEndpoint}' must be an absolute https URL (http only on loopback).");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            failures.Add($"{SectionName}:ClientId is empty; set the client id the token server knows this cluster by.");
        }

        if (AssertionLifetime < TimeSpan.FromMinutes(1) || AssertionLifetime > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{SectionName}:AssertionLifetime is {AssertionLifetime}; it must be between 00:01:00 and 00:10:00.");
        }

        if (MaxAttempts is < 1 or > 10)
        {
            failures.Add($"{SectionName}:MaxAttempts is {MaxAttempts}; it must be between 1 and 10.");
        }

        if (RetryDelay < TimeSpan.FromMilliseconds(10) || RetryDelay > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{SectionName}:RetryDelay is {RetryDelay}; it must be between 00:00:00.010 and 00:01:00.");
        }

        return failures;
    }
}
