namespace PresenceCluster.Exchange.Hosting;

/// <summary>Exchange Server on premises through EWS, with the cluster's own S2S tokens. Section <c>Exchange:Ews</c>.</summary>
public sealed class EwsBackendOptions
{
    /// <summary>The EWS endpoint, for example <c>https://mail.contoso.com/EWS/Exchange.asmx</c> (https; http only on loopback).</summary>
    public Uri? Url { get; set; }

    /// <summary>The <c>RequestServerVersion</c> sent. Default <c>Exchange2016</c> (Exchange 2016, 2019 and SE answer it).</summary>
    public string RequestServerVersion { get; set; } = "Exchange2016";

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (!Auth.SecureEndpoint.IsAllowed(Url))
        {
            failures.Add($"Exchange:Ews:Url '{Url}' must be an absolute https URL such as https://mail.contoso.com/EWS/Exchange.asmx (http only on loopback).");
        }

        if (RequestServerVersion is not ("Exchange2013" or "Exchange2013_SP1" or "Exchange2015" or "Exchange2016"))
        {
            failures.Add($"Exchange:Ews:RequestServerVersion '{RequestServerVersion}' is not one of Exchange2013, Exchange2013_SP1, Exchange2015, Exchange2016.");
        }

        return failures;
    }
}
