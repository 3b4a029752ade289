namespace PresenceCluster.Exchange.Hosting;

/// <summary>
/// Exchange Online through Microsoft Graph, as an Entra application with the application permissions
/// <c>Calendars.Read</c> and <c>MailboxSettings.Read</c>; its tokens come from <c>OAuth:CloudTokenServer</c> (the
/// client-credentials grant with the cluster's certificate). Section <c>Exchange:Graph</c>.
/// </summary>
public sealed class GraphBackendOptions
{
    /// <summary>Graph's base URL. Default <c>https://graph.microsoft.com/v1.0</c> (https; http only on loopback, for tests).</summary>
    public Uri BaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0");

    /// <summary>The scope asked of the token server. Default <c>https://graph.microsoft.com/.default</c>.</summary>
    public string Scope { get; set; } = "https://graph.microsoft.com/.default";

    /// <summary>
    /// The public URL of this cluster's calendar notification route (<c>https://…/exchange/graph/notifications</c>) as
    /// Graph reaches it. Set, every active user's mailbox is subscribed to calendar changes (needs only
    /// <c>Calendars.Read</c>) and a changed calendar is read again within seconds; unset (default), calendars are read
    /// every <c>Exchange:PollInterval</c> only. https (http only on loopback), no query string.
    /// </summary>
    public Uri? NotificationUrl { get; set; }

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        if (!Auth.SecureEndpoint.IsAllowed(BaseUrl))
        {
            failures.Add($"Exchange:Graph:BaseUrl '{BaseUrl}' must be an absolute https URL (http only on loopback).");
        }

        if (NotificationUrl is { } url && (!Auth.SecureEndpoint.IsAllowed(url) || url.Query.Length > 0 || url.Fragment.Length > 0))
        {
            failures.Add($"Exchange:Graph:NotificationUrl '{url}' must be an absolute https URL without query or fragment (http only on loopback), such as https://presence.contoso.com/exchange/graph/notifications.");
        }

        return failures;
    }
}
