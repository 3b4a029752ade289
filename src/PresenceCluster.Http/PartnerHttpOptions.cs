using PresenceCluster.Auth;

namespace PresenceCluster.Http;

/// <summary>The silo's HTTP front (metadata, JWKS, partner API). Section <c>Http</c> of the configuration.</summary>
public sealed class PartnerHttpOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Http";

    /// <summary>
    /// The request headers accepted in total, in bytes: twice the largest token <c>OAuth:MaxTokenLength</c> can allow
    /// (65,536), so that every token reaches the validator and one longer than the option is answered 401 with the
    /// Bearer challenge and reason 101 Oversize. Only a request whose headers exceed this is refused by the server
    /// itself (431, no body): such a request is not a token problem.
    /// </summary>
    public const int MaxRequestHeadersBytes = 2 * OAuthOptions.MaxTokenLengthLimit;

    /// <summary>The TCP port served (1–65535); 0 (the default) leaves the HTTP front off.</summary>
    public int Port { get; set; }

    /// <summary>The address listened on. Default <c>0.0.0.0</c> (every IPv4 interface).</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>The largest request body accepted, in bytes (1 KB–4 MB). Default 256 KB (1000 SIP URIs fit easily).</summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (Port is < 0 or > 65_535)
        {
            failures.Add($"Http:Port is {Port}; it must be 0 (off) or 1–65535.");
        }

        if (!System.Net.IPAddress.TryParse(ListenAddress, out _))
        {
            failures.Add($"Http:ListenAddress '{ListenAddress}' is not an IP address.");
        }

        if (MaxRequestBytes is < 1024 or > 4 * 1024 * 1024)
        {
            failures.Add($"Http:MaxRequestBytes is {MaxRequestBytes}; it must be between 1024 and 4194304.");
        }

        return failures;
    }
}
