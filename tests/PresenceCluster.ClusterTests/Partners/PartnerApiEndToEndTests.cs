using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using PresenceCluster.Auth;
using PresenceCluster.Client;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Http.OAuth;
using PresenceCluster.Http.Partners;
using PresenceCluster.Identity;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.ClusterTests.Partners;

/// <summary>
/// The SharePoint path for real: the silo program with its HTTP front, a partner whose metadata document is served
/// over HTTP, registered with presencectl (a separate process), tokens the partner signs with its own key, and
/// presence answered; then the partner disabled with presencectl and refused with the Bearer challenge.
/// </summary>
public sealed class PartnerApiEndToEndTests : IAsyncLifetime, IDisposable
{
    private const string Realm = "contoso.com";
    private const string OurHost = "presence.test";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();
    private readonly int _gatewayPort = FreePort.Next();
    private readonly int _siloPort = FreePort.Next();
    private readonly int _httpPort = FreePort.Next();
    private readonly HttpClient _http = new();
    private TestPartner _partner = null!;
    private DotnetProcess _silo = null!;

    private static readonly string[] Bob = ["sip:bob@contoso.com"];

    private Uri Api => new($"http://127.0.0.1:{_httpPort}{PartnerPresenceApi.Path}");

    public async Task InitializeAsync()
    {
        _partner = await TestPartner.StartAsync(Realm);
        _silo = DotnetProcess.Start("PresenceCluster.Silo", new Dictionary<string, string>
        {
            ["Cluster__SiloPort"] = Text(_siloPort),
            ["Cluster__GatewayPort"] = Text(_gatewayPort),
            ["Storage__Sqlite__DataDirectory"] = _dataDirectory,
            ["Sip__DefaultDomain"] = Realm,
            ["OAuth__HostName"] = OurHost,
            ["Http__Port"] = Text(_httpPort),
            ["Http__ListenAddress"] = "127.0.0.1",
        });
        await WaitForMetadataAsync();
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _partner.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task RegisteredPartner_GetsPresence_UntilDisabled()
    {
        await using var client = await PresenceClusterClient.ConnectAsync(new PresenceClientOptions { LocalGatewayPort = _gatewayPort });
        var alice = SipUri.Parse("sip:alice@contoso.com");
        var bob = SipUri.Parse("sip:bob@contoso.com");
        var carol = SipUri.Parse("sip:carol@contoso.com");
        await client.PublishEndpointAsync(bob, new() { EndpointId = "laptop", DeviceClass = DeviceClass.Computer });
        await client.SetNoteAsync(bob, "In the lab");
        await client.PublishEndpointAsync(carol, new() { EndpointId = "phone", DeviceClass = DeviceClass.Mobile });
        await client.SetContactAsync(bob, new() { Uri = alice.Value, DisplayName = "Alice" });
        await client.SetAccessLevelAsync(bob, alice, AccessLevel.Blocked);

        var add = await PresenceCtlAsync("partner", "add", "--metadata-url", _partner.MetadataUrl.ToString());
        Assert.True(add.ExitCode == 0, add.Output);
        Assert.Contains($"Registered partner {TestPartner.SharePointId}@{Realm}", add.Output, StringComparison.Ordinal);

        // App-only: the Colleagues views, in the order asked, for URIs as the partner wrote them.
        var appOnly = await PostAsync(_partner.AppOnlyToken(OurHost), ["sip:Bob@Contoso.com", "sip:carol@contoso.com"]);
        Assert.Equal(HttpStatusCode.OK, appOnly.StatusCode);
        var appViews = await ViewsAsync(appOnly);
        Assert.Equal(["sip:bob@contoso.com", "sip:carol@contoso.com"], appViews.Select(v => v.Target));
        Assert.Equal("In the lab", appViews[0].Note);
        AssertSameView(await client.GetPresenceAsync(SipUri.Parse("sip:dave@contoso.com"), bob), appViews[0]);

        // User-delegated for Alice, whom Bob blocked: exactly what Alice herself is shown.
        var delegated = await PostAsync(_partner.UserToken(OurHost, alice.Value), [bob.Value, carol.Value]);
        Assert.Equal(HttpStatusCode.OK, delegated.StatusCode);
        var aliceViews = await ViewsAsync(delegated);
        var aliceSees = await client.QueryPresenceAsync(alice, [bob, carol]);
        AssertSameView(aliceSees[0], aliceViews[0]);
        AssertSameView(aliceSees[1], aliceViews[1]);
        Assert.Null(aliceViews[0].Note);

        var disable = await PresenceCtlAsync("partner", "disable", TestPartner.SharePointId);
        Assert.True(disable.ExitCode == 0, disable.Output);

        var refused = await PostAsync(_partner.AppOnlyToken(OurHost), [bob.Value]);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(
            $"Bearer realm=\"{Realm}\", client_id=\"{OAuthOptions.LyncApplicationId}\", trusted_issuers=\"{OAuthOptions.LyncApplicationId}@*\", error=\"invalid_token\"",
            refused.Headers.WwwAuthenticate.ToString());
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal((int)TokenFailure.PartnerDisabled, problem.RootElement.GetProperty("reasonCode").GetInt32());
    }

    [Fact]
    public async Task SharePointFarm_RegistersByItsMetadata_ItsStringDatesAreHonoured_AndOversizeTokensGetTheChallenge()
    {
        _partner.FarmShaped = true;
        var add = await PresenceCtlAsync("partner", "add", "--metadata-url", _partner.MetadataUrl.ToString());
        Assert.True(add.ExitCode == 0, add.Output);
        Assert.Contains($"Registered partner {TestPartner.SharePointId}@{Realm}", add.Output, StringComparison.Ordinal);
        var now = DateTimeOffset.UtcNow;

        using var accepted = await PostAsync(_partner.HighTrustActorToken(OurHost, now.AddMinutes(-1), now.AddHours(8)), Bob);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        // "nbf":"<an hour ahead>" as a string: not valid yet, whatever its JSON kind.
        using var early = await PostAsync(_partner.HighTrustActorToken(OurHost, now.AddHours(1), now.AddHours(9)), Bob);
        await AssertRefusedAsync(early, TokenFailure.NotYetValid);

        // Longer than OAuth:MaxTokenLength (16384) and than Kestrel's default header limit (32 KB): the token
        // reaches the validator and is refused with its reason, not a bare 431.
        var oversize = _partner.HighTrustActorToken(OurHost, now.AddMinutes(-1), now.AddHours(8), length: 40_000);
        Assert.InRange(oversize.Length, 40_000, 40_001);
        using var tooLong = await PostAsync(oversize, Bob);
        await AssertRefusedAsync(tooLong, TokenFailure.Oversize);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, TokenFailure reason)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(
            $"Bearer realm=\"{Realm}\", client_id=\"{OAuthOptions.LyncApplicationId}\", trusted_issuers=\"{OAuthOptions.LyncApplicationId}@*\", error=\"invalid_token\"",
            response.Headers.WwwAuthenticate.ToString());
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)reason, problem.RootElement.GetProperty("reasonCode").GetInt32());
    }

    [Fact]
    public async Task Requests_WithoutTokenOrWithBadBodies_GetProblemDetails_AndTheMetadataNamesOurKey()
    {
        var add = await PresenceCtlAsync("partner", "add", "--metadata-url", _partner.MetadataUrl.ToString(), "--operations", "None");
        Assert.True(add.ExitCode == 0, add.Output);
        var token = _partner.AppOnlyToken(OurHost);

        using var anonymous = await _http.PostAsJsonAsync(Api, Bob);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.DoesNotContain("error=", anonymous.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var forbidden = await PostAsync(token, ["sip:bob@contoso.com"]);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        add = await PresenceCtlAsync("partner", "add", "--metadata-url", _partner.MetadataUrl.ToString());
        Assert.True(add.ExitCode == 0, add.Output);
        foreach (var (body, problem) in new[]
        {
            ("[]", "holds 0 SIP URIs"),
            ("{\"targets\":[]}", "JSON array"),
            ("[\"alice\"]", "Item 0 is not a SIP URI"),
            ("[" + string.Join(',', Enumerable.Range(0, 1001).Select(i => $"\"sip:u{i}@contoso.com\"")) + "]", "holds 1001 SIP URIs; send 1–1000"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Api) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(problem, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Our own metadata parses as a partner would parse it, and the JWKS names the same key.
        var metadata = await _http.GetStringAsync(new Uri($"http://127.0.0.1:{_httpPort}{OAuthMetadataEndpoints.MetadataPath}"));
        Assert.True(MetadataDocument.TryParse(metadata, out var document, out var why), why);
        Assert.Equal($"{OAuthOptions.LyncApplicationId}@{Realm}", document!.Issuer);
        using var jwks = JsonDocument.Parse(await _http.GetStringAsync(new Uri($"http://127.0.0.1:{_httpPort}{OAuthMetadataEndpoints.JwksPath}")));
        var key = Assert.Single(jwks.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal(S2STokenValidator.X5t(Assert.Single(document.SigningCertificates)), key.GetProperty("x5t").GetString());
    }

    [Fact]
    public async Task Presencectl_ShowsTheOAuthConfiguration_AndExplainsFailuresWithItsExitCodes()
    {
        var show = await PresenceCtlAsync("oauth", "show");
        Assert.True(show.ExitCode == 0, show.Output);
        Assert.Contains($"Issuer:          {OAuthOptions.LyncApplicationId}@{Realm}", show.Output, StringComparison.Ordinal);
        Assert.Contains($"Audience:        {OAuthOptions.LyncApplicationId}/{OurHost}@{Realm}", show.Output, StringComparison.Ordinal);
        Assert.Contains("Next:            none staged", show.Output, StringComparison.Ordinal);

        var unknown = await PresenceCtlAsync("partner", "disable", "no-such-partner");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("presencectl: No partner application 'no-such-partner' exists.", unknown.Output, StringComparison.Ordinal);

        var otherRealm = await PresenceCtlAsync("partner", "add", "--metadata-url", _partner.MetadataUrl.ToString(), "--realm", "fabrikam.com");
        Assert.Equal(1, otherRealm.ExitCode);
        Assert.Contains("differs from the metadata document's 'contoso.com'", otherRealm.Output, StringComparison.Ordinal);

        var early = await PresenceCtlAsync("oauth", "rollover", "complete");
        Assert.Equal(1, early.ExitCode);
        Assert.Contains("rollover is not staged", early.Output, StringComparison.Ordinal);

        var usage = await PresenceCtlAsync("partner", "add");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("give either --metadata-url or --certificate", usage.Output, StringComparison.Ordinal);

        var list = await PresenceCtlAsync("partner", "list", "--json");
        Assert.True(list.ExitCode == 0, list.Output);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(list.Output).RootElement.ValueKind);

        await using var unreachable = DotnetProcess.Start("presencectl", new Dictionary<string, string>(), "partner", "list", "--gateway", $"127.0.0.1:{FreePort.Next()}", "--timeout", "1");
        await unreachable.WaitForExitAsync(Patience);
        Assert.Equal(3, unreachable.ExitCode);
        Assert.Contains("cannot reach the cluster", unreachable.Output, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostAsync(string token, string[] targets)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Api) { Content = JsonContent.Create(targets) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(request);
    }

    // The wire views read back as the SDK's type: the partner API's JSON carries every field the SDK's view has.
    private static async Task<PresenceView[]> ViewsAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<PresenceAnswer>(PartnerPresenceApi.Json))!.Presence;

    private sealed record class PresenceAnswer(PresenceView[] Presence);

    private static void AssertSameView(PresenceView expected, PresenceView actual) =>
        Assert.True(expected.HasSameContentAs(actual) && expected.Sequence == actual.Sequence, $"expected {expected}, got {actual}");

    private async Task<DotnetProcess> PresenceCtlAsync(params string[] arguments)
    {
        var process = DotnetProcess.Start("presencectl", new Dictionary<string, string>(), [.. arguments, "--gateway", $"127.0.0.1:{_gatewayPort}"]);
        await process.WaitForExitAsync(Patience);
        return process;
    }

    private async Task WaitForMetadataAsync()
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{_httpPort}{OAuthMetadataEndpoints.MetadataPath}"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The silo did not serve its metadata within {Patience}: {_silo.Output}");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
