using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PresenceCluster.Auth;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Diagnostics;
using PresenceCluster.Grains;
using PresenceCluster.Http.Exchange;
using PresenceCluster.Http.Hosting;
using PresenceCluster.Http.OAuth;
using PresenceCluster.Http.Partners;
using PresenceCluster.Identity;
using PresenceCluster.Partners;
using PresenceCluster.Presence;
using Microsoft.Extensions.DependencyInjection;

namespace PresenceCluster.ClusterTests.Http;

/// <summary>The silo's one HTTP pipeline, in process over a real silo with OAuth on: health, metrics, OpenAPI, dashboard, the partner API through the S2S scheme.</summary>
public sealed class HttpHostTests : IClassFixture<HttpHostTests.OAuthSilo>
{
    private const string Realm = "contoso.com";
    private const string OurHost = "presence.test";
    private readonly OAuthSilo _silo;
    private readonly HttpClient _http;

    public HttpHostTests(OAuthSilo silo)
    {
        _silo = silo;
        _http = silo.CreateClient();
    }

    /// <summary>A silo with OAuth on and one partner, registered by certificate.</summary>
    public sealed class OAuthSilo() : IAsyncLifetime
    {
        public SiloWebApplicationFactory Factory { get; } = new(new Dictionary<string, string?>
        {
            ["Sip:DefaultDomain"] = Realm,
            ["OAuth:HostName"] = OurHost,
        });

        public TestPartner Partner { get; private set; } = null!;

        public TestPartner Restricted { get; private set; } = null!;

        public HttpClient CreateClient() => Factory.CreateClient();

        public async Task InitializeAsync()
        {
            Partner = await TestPartner.StartAsync(Realm, "30000000-0000-0000-0000-000000000001");
            Restricted = await TestPartner.StartAsync(Realm, "30000000-0000-0000-0000-000000000002");
            var registry = Factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IOAuthRegistryGrain>(IOAuthRegistryGrain.Key);
            await registry.AddPartnerAsync(new PartnerRegistration { MetadataUrl = Partner.MetadataUrl });
            await registry.AddPartnerAsync(new PartnerRegistration { MetadataUrl = Restricted.MetadataUrl, Operations = PartnerOperations.None });
        }

        public async Task DisposeAsync()
        {
            await Factory.DisposeAsync();
            await Partner.DisposeAsync();
            await Restricted.DisposeAsync();
        }
    }

    [Fact]
    public async Task Health_LiveAndReady_Answer200_WhileTheSiloIsActive()
    {
        Assert.Equal("Healthy", await _http.GetStringAsync(PresenceHttpPaths.Live));
        Assert.Equal("Healthy", await _http.GetStringAsync(PresenceHttpPaths.Ready));
    }

    [Fact]
    public async Task Metrics_ArePrometheusText_WithOrleansAndPresenceClusterSeries()
    {
        using var queried = await PostPresenceAsync(_silo.Partner.AppOnlyToken(OurHost), ["sip:bob@contoso.com"]);
        Assert.Equal(HttpStatusCode.OK, queried.StatusCode);

        var text = await ScrapeUntilAsync("presence_lookups_total");
        using var response = await _http.GetAsync(PresenceHttpPaths.Metrics);

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE orleans_catalog_activations gauge", text, StringComparison.Ordinal);
        Assert.Contains("presence_read_index_entries", text, StringComparison.Ordinal);
        Assert.Contains("presence_batch_queries_total", text, StringComparison.Ordinal);
        Assert.Contains("presence_lookups_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesEveryApiRoute_AndTheReferencePageServesIt()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(PresenceHttpPaths.OpenApiDocument));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        var reference = await _http.GetStringAsync(PresenceHttpPaths.ApiReference + "/v1");

        Assert.Equal("PresenceCluster", document.RootElement.GetProperty("info").GetProperty("title").GetString());
        Assert.Equal(
            [
                OAuthMetadataEndpoints.JwksPath, "/auth/dev/token", CalendarNotificationsApi.Path, OAuthMetadataEndpoints.MetadataPath, PartnerPresenceApi.Path,
                "/v1.0/communications/getPresencesByUserId", "/v1.0/communications/presences/{id}", "/v1.0/me/contactFolders", "/v1.0/me/contacts",
                "/v1.0/me/contacts/delta", "/v1.0/me/contacts/{id}", "/v1.0/me/presence",
                "/v1.0/me/presence/clearPresence", "/v1.0/me/presence/clearUserPreferredPresence", "/v1.0/me/presence/events", "/v1.0/me/presence/setPresence", "/v1.0/me/presence/setStatusMessage", "/v1.0/me/presence/setUserPreferredPresence", "/v1.0/subscriptions", "/v1.0/subscriptions/{id}",
                "/v1.0/users/{id}/presence", "/v1.0/users/{id}/presence/clearPresence", "/v1.0/users/{id}/presence/clearUserPreferredPresence", "/v1.0/users/{id}/presence/setPresence", "/v1.0/users/{id}/presence/setStatusMessage",
                "/v1.0/users/{id}/presence/setUserPreferredPresence",
            ],
            paths);
        Assert.Contains("<title>PresenceCluster API</title>", reference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalendarNotificationRoute_AnswersGraphsHandshake_AcceptsAndIgnoresUnknownSubscriptions_AndRefusesOversizedBodies()
    {
        var url = CalendarNotificationsApi.Path + "?mailbox=alice%40contoso.com";
        var token = "Validation: Testing client application reachability for subscription Request-Id: 7f1c";

        var handshake = await _http.PostAsync(url + "&validationToken=" + Uri.EscapeDataString(token), new StringContent(string.Empty));
        var unknown = await _http.PostAsJsonAsync(url, new { value = new[] { new { subscriptionId = "a2f2bb39-0000-0000-0000-000000000000", clientState = "guess", changeType = "updated" } } });
        var oversized = await _http.PostAsync(url, new StringContent("{\"value\":[\"" + new string('x', 300 * 1024) + "\"]}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
        Assert.Equal("text/plain", handshake.Content.Headers.ContentType?.MediaType);
        Assert.Equal(token, await handshake.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
    }

    [Fact]
    public async Task Dashboard_IsServed()
    {
        var page = await _http.GetStringAsync(PresenceHttpPaths.Dashboard + "/");

        Assert.Contains("<title>Orleans Dashboard</title>", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PresenceHttpPaths.Dashboard + "/")]
    [InlineData(PresenceHttpPaths.Metrics)]
    [InlineData(PresenceHttpPaths.OpenApiDocument)]
    [InlineData(PresenceHttpPaths.ApiReference + "/v1")]
    public async Task Diagnostics_FromAnotherMachine_AreRefusedWithTheSettingThatOpensThem(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(SiloWebApplicationFactory.RemoteAddressHeader, "192.0.2.10");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Http:ExposeDiagnostics=true", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_FromAnotherMachine_IsServed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, PresenceHttpPaths.Ready);
        request.Headers.Add(SiloWebApplicationFactory.RemoteAddressHeader, "192.0.2.10");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task PartnerApi_AppOnly_AnswersTheWireViews_InTheOrderAsked()
    {
        var client = Factory.Services.GetRequiredService<IGrainFactory>();
        await client.GetGrain<IPresenceGrain>(UserGrainKey.Encode("sip:carol@contoso.com")).SetNoteAsync("At the desk");

        using var response = await PostPresenceAsync(_silo.Partner.AppOnlyToken(OurHost), ["sip:Carol@Contoso.com", "sip:dave@contoso.com"]);
        var answer = await response.Content.ReadFromJsonAsync<PartnerPresenceResponse>(PartnerPresenceApi.Json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["sip:carol@contoso.com", "sip:dave@contoso.com"], answer!.Presence.Select(v => v.Target));
        Assert.Equal("At the desk", answer.Presence[0].Note);
        Assert.Equal(GraphAvailability.Offline, answer.Presence[1].GraphAvailability);
    }

    [Fact]
    public async Task PartnerApi_WithoutToken_IsChallenged_WithoutAnError()
    {
        using var response = await _http.PostAsJsonAsync(PartnerPresenceApi.Path, Bob);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(
            $"Bearer realm=\"{Realm}\", client_id=\"{OAuthOptions.LyncApplicationId}\", trusted_issuers=\"{OAuthOptions.LyncApplicationId}@*\"",
            response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PartnerApi_RefusedToken_IsChallengedWithTheReason_AndCounted()
    {
        var token = _silo.Partner.HighTrustActorToken(OurHost, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(9));

        // This silo's own counter (the test process hosts other silos whose meters share the name).
        using var refusals = new MetricCollector<long>(Factory.Services.GetRequiredService<IMeterFactory>(), PresenceMetrics.MeterName, "oauth.token_refusals");
        using var response = await PostPresenceAsync(token, ["sip:bob@contoso.com"]);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.EndsWith(", error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal((int)TokenFailure.NotYetValid, problem.RootElement.GetProperty("reasonCode").GetInt32());
        var counted = Assert.Single(refusals.GetMeasurementSnapshot());
        Assert.Equal(1, counted.Value);
        Assert.Equal("132 NotYetValid", counted.Tags["reason"]);
    }

    [Fact]
    public async Task PartnerApi_PartnerWithoutTheOperation_IsForbidden_WithProblemDetails()
    {
        using var response = await PostPresenceAsync(_silo.Restricted.AppOnlyToken(OurHost), ["sip:bob@contoso.com"]);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(_silo.Restricted.ApplicationId, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "holds 0 SIP URIs")]
    [InlineData("{\"targets\":[]}", "JSON array")]
    [InlineData("[\"alice\"]", "Item 0 is not a SIP URI")]
    public async Task PartnerApi_BadBody_IsABadRequest_WithProblemDetails(string body, string problem)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, PartnerPresenceApi.Path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _silo.Partner.AppOnlyToken(OurHost));
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(problem, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static readonly string[] Bob = ["sip:bob@contoso.com"];

    /// <summary>The exporter answers a scrape from a cache for a moment after the previous one (another test's).</summary>
    private async Task<string> ScrapeUntilAsync(string series)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var metrics = await _http.GetStringAsync(PresenceHttpPaths.Metrics);
            if (metrics.Contains(series, StringComparison.Ordinal) || DateTimeOffset.UtcNow > deadline)
            {
                return metrics;
            }

            await Task.Delay(100);
        }
    }

    private SiloWebApplicationFactory Factory => _silo.Factory;

    private async Task<HttpResponseMessage> PostPresenceAsync(string token, string[] targets)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, PartnerPresenceApi.Path) { Content = JsonContent.Create(targets) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request);
    }
}
