using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph.Communications.GetPresencesByUserId;
using PresenceCluster.Client;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Http.Graph;
using PresenceCluster.Http.Users;
using PresenceCluster.Identity;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.ClusterTests.Http;

/// <summary>
/// The Graph-compatible presence API for end users over a real silo: the development sign-in, Graph's routes and
/// shapes, privacy per caller, Graph's error envelope — and the official Microsoft.Graph SDK, its base URL pointed at
/// the silo, reading presence unchanged.
/// </summary>
public sealed class GraphPresenceApiTests : IClassFixture<GraphPresenceApiTests.Silo>
{
    private static readonly SipUri Alice = SipUri.Parse("sip:alice@contoso.com");
    private static readonly SipUri Bob = SipUri.Parse("sip:bob@contoso.com");
    private static readonly SipUri Carol = SipUri.Parse("sip:carol@contoso.com");
    private static readonly string[] CarolBobNobody = ["carol@contoso.com", "bob@contoso.com", "nobody@contoso.com"];
    private readonly Silo _silo;

    public GraphPresenceApiTests(Silo silo) => _silo = silo;

    /// <summary>A silo (no OAuth realm: the development sign-in needs none) where Bob is signed in with a note and has blocked Alice.</summary>
    public sealed class Silo : IAsyncLifetime
    {
        public SiloWebApplicationFactory Factory { get; } = new(new Dictionary<string, string?>());

        public async Task InitializeAsync()
        {
            var client = new PresenceClusterClient(Factory.Services.GetRequiredService<IClusterClient>());
            await client.PublishEndpointAsync(Bob, new EndpointPublication { EndpointId = "laptop", DeviceClass = DeviceClass.Computer });
            await client.SetNoteAsync(Bob, "Shipping the release");
            await client.SetContactAsync(Bob, new() { Uri = Alice.Value });
            await client.SetAccessLevelAsync(Bob, Alice, AccessLevel.Blocked);
            await client.SetOofNoteAsync(Carol, new OofNote { Text = "Back on Monday" });

            // As in Graph, a preferred presence shows only while the user has a session (an endpoint) signed in.
            await client.PublishEndpointAsync(SipUri.Parse("sip:erin@contoso.com"), new EndpointPublication { EndpointId = "teams", DeviceClass = DeviceClass.Computer });
        }

        public Task DisposeAsync() => Factory.DisposeAsync().AsTask();
    }

    [Fact]
    public async Task MePresence_IsTheCallersOwnView_InGraphsShape()
    {
        using var http = await _silo.Factory.CreateSignedInClientAsync("bob@contoso.com");

        using var document = JsonDocument.Parse(await http.GetStringAsync("/v1.0/me/presence"));
        var root = document.RootElement;

        Assert.EndsWith("/v1.0/$metadata#me/presence/$entity", root.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
        Assert.Equal("bob@contoso.com", root.GetProperty("id").GetString());
        Assert.Equal("Available", root.GetProperty("availability").GetString());
        Assert.Equal("Available", root.GetProperty("activity").GetString());
        Assert.Equal("Shipping the release", root.GetProperty("statusMessage").GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("text", root.GetProperty("statusMessage").GetProperty("message").GetProperty("contentType").GetString());
        Assert.False(root.GetProperty("outOfOfficeSettings").GetProperty("isOutOfOffice").GetBoolean());
        Assert.Equal(20, root.GetProperty("sequenceNumber").GetString()!.Length);
    }

    [Fact]
    public async Task UserPresence_IsFilteredByTheCallersPrivacyRelationship()
    {
        using var alice = await _silo.Factory.CreateSignedInClientAsync("alice@contoso.com");
        using var dave = await _silo.Factory.CreateSignedInClientAsync("dave@contoso.com");

        var blocked = await alice.GetFromJsonAsync<JsonElement>("/v1.0/users/bob@contoso.com/presence");
        var colleague = await dave.GetFromJsonAsync<JsonElement>("/v1.0/communications/presences/sip:bob@contoso.com");

        Assert.Equal("Offline", blocked.GetProperty("availability").GetString());
        Assert.False(blocked.TryGetProperty("statusMessage", out _));
        Assert.Equal("Available", colleague.GetProperty("availability").GetString());
        Assert.Equal("Shipping the release", colleague.GetProperty("statusMessage").GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task GetPresencesByUserId_AnswersInTheOrderAsked_AndRefusesTooMany()
    {
        using var dave = await _silo.Factory.CreateSignedInClientAsync("dave@contoso.com");

        using var answer = await dave.PostAsJsonAsync(GraphPresenceApi.BatchPath, new { ids = CarolBobNobody });
        var value = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value");
        using var tooMany = await dave.PostAsJsonAsync(GraphPresenceApi.BatchPath, new { ids = Enumerable.Range(0, 651).Select(i => $"u{i}@contoso.com") });
        var error = (await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(["carol@contoso.com", "bob@contoso.com", "nobody@contoso.com"], value.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.True(value[0].GetProperty("outOfOfficeSettings").GetProperty("isOutOfOffice").GetBoolean());
        Assert.Equal("Back on Monday", value[0].GetProperty("outOfOfficeSettings").GetProperty("message").GetString());
        Assert.Equal("Offline", value[2].GetProperty("availability").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("invalidRequest", error.GetProperty("code").GetString());
        Assert.Contains("send 1–650", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(error.GetProperty("innerError").TryGetProperty("request-id", out _));
    }

    [Theory]
    [InlineData(null, "A bearer token is required")]
    [InlineData("not.a.token", "The bearer token was refused")]
    public async Task WithoutAValidToken_IsUnauthorized_InGraphsEnvelope(string? token, string message)
    {
        using var http = _silo.Factory.CreateClient();
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.GetAsync("/v1.0/me/presence");
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("InvalidAuthenticationToken", error.GetProperty("code").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenSignedByAnotherKey_IsRefused()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var forged = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = UserAuthenticationOptions.DevIssuer,
            Audience = "presencecluster",
            Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["preferred_username"] = "bob@contoso.com" },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(new Microsoft.IdentityModel.Tokens.RsaSecurityKey(rsa), "RS256"),
        });
        using var http = _silo.Factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        using var response = await http.GetAsync("/v1.0/me/presence");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task BadUserId_IsABadRequest_InGraphsEnvelope()
    {
        using var dave = await _silo.Factory.CreateSignedInClientAsync("dave@contoso.com");

        using var response = await dave.GetAsync("/v1.0/users/not%20an%20address/presence");
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalidRequest", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task PreferredPresenceAndStatusMessage_SetTheUsersOwnPresence_AndOnlyTheirOwn()
    {
        using var erin = await _silo.Factory.CreateSignedInClientAsync("erin@contoso.com");

        using var busy = await erin.PostAsJsonAsync("/v1.0/users/erin@contoso.com/presence/setUserPreferredPresence", new { availability = "Busy", activity = "Busy", expirationDuration = "PT1H" });
        using var note = await erin.PostAsJsonAsync("/v1.0/me/presence/setStatusMessage", new { statusMessage = new { message = new { content = "Heads down", contentType = "text" } } });
        var afterSet = await erin.GetFromJsonAsync<JsonElement>("/v1.0/me/presence");
        using var someoneElse = await erin.PostAsJsonAsync("/v1.0/users/bob@contoso.com/presence/setUserPreferredPresence", new { availability = "Away", activity = "Away" });
        using var badPair = await erin.PostAsJsonAsync("/v1.0/me/presence/setUserPreferredPresence", new { availability = "Busy", activity = "InACall" });
        using var cleared = await erin.PostAsJsonAsync("/v1.0/me/presence/clearUserPreferredPresence", new { });
        var afterClear = await erin.GetFromJsonAsync<JsonElement>("/v1.0/me/presence");

        Assert.Equal(HttpStatusCode.OK, busy.StatusCode);
        Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        Assert.Equal("Busy", afterSet.GetProperty("availability").GetString());
        Assert.Equal("Busy", afterSet.GetProperty("activity").GetString());
        Assert.Equal("Heads down", afterSet.GetProperty("statusMessage").GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, someoneElse.StatusCode);
        Assert.Equal("accessDenied", (await someoneElse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badPair.StatusCode);
        Assert.Contains("Offline/OffWork", await badPair.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.NotEqual("Busy", afterClear.GetProperty("availability").GetString());
    }

    [Fact]
    public async Task ApplicationSessions_SetThePairForTheirDuration_AndClearPresenceEndsThem()
    {
        using var henry = await _silo.Factory.CreateSignedInClientAsync("henry@contoso.com");
        const string Session = "22553876-f5ab-4529-bffb-cfe50aa89f87";

        using var call = await henry.PostAsJsonAsync("/v1.0/me/presence/setPresence", new { sessionId = Session, availability = "Busy", activity = "InACall", expirationDuration = "PT1H" });
        var inCall = await henry.GetFromJsonAsync<JsonElement>("/v1.0/me/presence");
        using var tooShort = await henry.PostAsJsonAsync("/v1.0/me/presence/setPresence", new { sessionId = Session, availability = "Available", activity = "Available", expirationDuration = "PT1M" });
        using var badPair = await henry.PostAsJsonAsync("/v1.0/me/presence/setPresence", new { sessionId = Session, availability = "Busy", activity = "InAMeeting" });
        using var unknown = await henry.PostAsJsonAsync("/v1.0/me/presence/clearPresence", new { sessionId = "another-app" });
        using var cleared = await henry.PostAsJsonAsync("/v1.0/users/henry@contoso.com/presence/clearPresence", new { sessionId = Session });
        var afterClear = await henry.GetFromJsonAsync<JsonElement>("/v1.0/me/presence");

        Assert.Equal(HttpStatusCode.OK, call.StatusCode);
        Assert.Equal("Busy", inCall.GetProperty("availability").GetString());
        Assert.Equal("InACall", inCall.GetProperty("activity").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("between PT5M and PT4H", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badPair.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("itemNotFound", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal("Offline", afterClear.GetProperty("availability").GetString());
    }

    [Fact]
    public async Task EventsStream_SendsCurrentPresence_ThenEveryChangeTheCallerMaySee()
    {
        using var frank = await _silo.Factory.CreateSignedInClientAsync("frank@contoso.com");
        var grace = SipUri.Parse("sip:grace@contoso.com");
        var client = new PresenceClusterClient(_silo.Factory.Services.GetRequiredService<IClusterClient>());
        await client.PublishEndpointAsync(grace, new EndpointPublication { EndpointId = "pc", DeviceClass = DeviceClass.Computer });

        using var response = await frank.GetAsync($"{PresenceEventsApi.Path}?ids=grace@contoso.com", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await NextEventAsync(reader);

        // The silo holds a stream's observer weakly: a collection in the middle of a stream must not end its events.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        await client.SetNoteAsync(grace, "In the lab");
        var second = await NextEventAsync(reader);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("grace@contoso.com", first.GetProperty("id").GetString());
        Assert.Equal("Available", first.GetProperty("availability").GetString());
        Assert.False(first.TryGetProperty("statusMessage", out _));
        Assert.Equal("In the lab", second.GetProperty("statusMessage").GetProperty("message").GetProperty("content").GetString());
        Assert.True(string.CompareOrdinal(second.GetProperty("sequenceNumber").GetString(), first.GetProperty("sequenceNumber").GetString()) > 0);
    }

    /// <summary>The data of the next <c>presence</c> event (a barrier: fails after a generous timeout).</summary>
    private static async Task<JsonElement> NextEventAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        string? line;
        while ((line = await reader.ReadLineAsync(timeout.Token)) is not null)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }

        throw new InvalidOperationException("The stream ended.");
    }

    [Fact]
    public async Task MicrosoftGraphSdk_WithItsBaseUrlOnTheSilo_ReadsPresence()
    {
        using var http = _silo.Factory.CreateClient();
        var graph = http.CreateGraphClient(await http.SignInAsync("dave@contoso.com"));

        var me = await graph.Me.Presence.GetAsync();
        var bob = await graph.Users["bob@contoso.com"].Presence.GetAsync();
        await new PresenceClusterClient(_silo.Factory.Services.GetRequiredService<IClusterClient>())
            .PublishEndpointAsync(SipUri.Parse("sip:dave@contoso.com"), new EndpointPublication { EndpointId = "teams", DeviceClass = DeviceClass.Computer });
        var batch = await graph.Communications.GetPresencesByUserId.PostAsGetPresencesByUserIdPostResponseAsync(new GetPresencesByUserIdPostRequestBody
        {
            Ids = ["bob@contoso.com", "carol@contoso.com"],
        });

        Assert.Equal("dave@contoso.com", me!.Id);
        Assert.Equal("Offline", me.Availability);
        Assert.Equal("Available", bob!.Availability);
        Assert.Equal("Shipping the release", bob.StatusMessage?.Message?.Content);
        Assert.Equal(["bob@contoso.com", "carol@contoso.com"], batch!.Value!.Select(p => p.Id));
        Assert.True(batch.Value![1].OutOfOfficeSettings!.IsOutOfOffice);

        // And writes its own presence the Graph way.
        await graph.Me.Presence.SetUserPreferredPresence.PostAsync(new Microsoft.Graph.Me.Presence.SetUserPreferredPresence.SetUserPreferredPresencePostRequestBody
        {
            Availability = "DoNotDisturb",
            Activity = "DoNotDisturb",
            ExpirationDuration = TimeSpan.FromHours(1),
        });
        await graph.Me.Presence.SetStatusMessage.PostAsync(new Microsoft.Graph.Me.Presence.SetStatusMessage.SetStatusMessagePostRequestBody
        {
            StatusMessage = new Microsoft.Graph.Models.PresenceStatusMessage
            {
                Message = new Microsoft.Graph.Models.ItemBody { Content = "Focusing", ContentType = Microsoft.Graph.Models.BodyType.Text },
            },
        });
        var after = await graph.Me.Presence.GetAsync();
        Assert.Equal("DoNotDisturb", after!.Availability);
        Assert.Equal("Focusing", after.StatusMessage?.Message?.Content);
    }
}
