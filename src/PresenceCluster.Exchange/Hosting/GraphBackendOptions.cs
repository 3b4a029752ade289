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

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate() =>
        Auth.SecureEndpoint.IsAllowed(BaseUrl) ? [] : [$"Exchange:Graph:BaseUrl '{BaseUrl}' must be an absolute https URL (http only on loopback)."];
}
