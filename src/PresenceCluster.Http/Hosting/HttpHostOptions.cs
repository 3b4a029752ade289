using System.Net;
using PresenceCluster.Auth;

namespace PresenceCluster.Http.Hosting;

/// <summary>The silo's HTTP endpoint (health, metrics, dashboard, OpenAPI, OAuth metadata, partner API). Section <c>Http</c>.</summary>
public sealed class HttpHostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Http";

    /// <summary>Listen on the loopback interfaces only (127.0.0.1 and ::1).</summary>
    public const string Localhost = "localhost";

    /// <summary>
    /// The request headers accepted in total, in bytes: twice the largest token <c>OAuth:MaxTokenLength</c> can allow
    /// (65,536), so that every token reaches the validator and one longer than the option is answered 401 with the
    /// Bearer challenge and reason 101 Oversize. Only a request whose headers exceed this is refused by the server
    /// itself (431, no body): such a request is not a token problem.
    /// </summary>
    public const int MaxRequestHeadersBytes = 2 * OAuthOptions.MaxTokenLengthLimit;

    /// <summary>The TCP port served (0–65535; 0 takes any free port, named in the ready line). Default 8080.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>
    /// The address listened on: <c>localhost</c> (the default: loopback only), an IP address, or <c>0.0.0.0</c> /
    /// <c>::</c> for every interface. Ignored when <c>Kestrel:Endpoints</c> is configured (TLS, several endpoints).
    /// </summary>
    public string ListenAddress { get; set; } = Localhost;

    /// <summary>The largest request body accepted, in bytes (1 KB–4 MB). Default 256 KB (1000 SIP URIs fit easily).</summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Serve the dashboard, <c>/metrics</c> and the OpenAPI document and reference page to callers other than loopback.
    /// They reveal the cluster's internals: open them only behind a network boundary of your own. Default false.
    /// </summary>
    public bool ExposeDiagnostics { get; set; }

    /// <summary>Serve the web client at <c>/</c>. Default true.</summary>
    public bool WebClient { get; set; } = true;

    /// <summary>The address to listen on, or null for <see cref="Localhost"/>.</summary>
    public IPAddress? ListenIPAddress => string.Equals(ListenAddress, Localhost, StringComparison.OrdinalIgnoreCase) ? null : IPAddress.Parse(ListenAddress);

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (Port is < 0 or > 65_535)
        {
            failures.Add($"Http:Port is {Port}; it must be between 0 (any free port) and 65535.");
        }

        if (!string.Equals(ListenAddress, Localhost, StringComparison.OrdinalIgnoreCase) && !IPAddress.TryParse(ListenAddress, out _))
        {
            failures.Add($"Http:ListenAddress '{ListenAddress}' is not an IP address or '{Localhost}'.");
        }

        if (MaxRequestBytes is < 1024 or > 4 * 1024 * 1024)
        {
            failures.Add($"Http:MaxRequestBytes is {MaxRequestBytes}; it must be between 1024 and 4194304.");
        }

        return failures;
    }
}
