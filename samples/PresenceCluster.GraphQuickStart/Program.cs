// The official Microsoft Graph SDK against a PresenceCluster silo: only the base URL differs from Microsoft Graph.
using System.Net.Http.Json;
using Microsoft.Graph;
using Microsoft.Graph.Communications.GetPresencesByUserId;
using Microsoft.Graph.Me.Presence.SetPresence;
using Microsoft.Graph.Me.Presence.SetUserPreferredPresence;
using Microsoft.Kiota.Abstractions.Authentication;

var silo = new Uri(args.Length > 0 ? args[0] : "http://localhost:8080/");
using var http = new HttpClient { BaseAddress = silo };

// The development sign-in (served while HTTP listens on loopback); with an identity provider, use its token.
using var signIn = await http.PostAsJsonAsync("auth/dev/token", new { user = "alice@contoso.com" });
var token = (await signIn.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<Dictionary<string, object>>())!["access_token"].ToString()!;
var graph = new GraphServiceClient(http, new BaseBearerTokenAuthenticationProvider(new StaticToken(token)), new Uri(silo, "v1.0").ToString());

// This program is a presence session of Alice's (as a Teams client would be); she then chooses Busy.
await graph.Me.Presence.SetPresence.PostAsync(new SetPresencePostRequestBody
{
    SessionId = "graph-quickstart", Availability = "Available", Activity = "Available", ExpirationDuration = TimeSpan.FromMinutes(5),
});
await graph.Me.Presence.SetUserPreferredPresence.PostAsync(new SetUserPreferredPresencePostRequestBody { Availability = "Busy", Activity = "Busy" });

var me = await graph.Me.Presence.GetAsync();
Console.WriteLine($"{me!.Id} is {me.Availability} ({me.Activity})");
var others = await graph.Communications.GetPresencesByUserId.PostAsGetPresencesByUserIdPostResponseAsync(
    new GetPresencesByUserIdPostRequestBody { Ids = ["bob@contoso.com"] });
foreach (var presence in others!.Value!)
{
    Console.WriteLine($"{presence.Id} is {presence.Availability}");
}

/// <summary>Hands the SDK the token from the sign-in.</summary>
internal sealed class StaticToken(string token) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new();

    public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(token);
}
