using System.Net;
using System.Net.Http.Json;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Http.Hosting;
using PresenceCluster.Http.OAuth;
using PresenceCluster.Http.Partners;
using Users = PresenceCluster.Http.Users;

namespace PresenceCluster.ClusterTests.Http;

/// <summary>A silo without a realm serves HTTP all the same; its OAuth routes say how to turn OAuth on.</summary>
public sealed class OAuthOffTests : IDisposable
{
    private static readonly string[] Bob = ["sip:bob@contoso.com"];
    private readonly SiloWebApplicationFactory _factory = new(new Dictionary<string, string?>());

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task DevSignIn_WhileListeningBeyondLoopback_IsOff_AndSaysHowToSignIn()
    {
        using var factory = new SiloWebApplicationFactory(new Dictionary<string, string?> { ["Http:ListenAddress"] = "0.0.0.0" });
        using var http = factory.CreateClient();

        using var response = await http.PostAsJsonAsync(Users.DevSignInApi.Path, new { user = "alice@contoso.com" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Auth:Users:Authority", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", OAuthMetadataEndpoints.MetadataPath)]
    [InlineData("GET", OAuthMetadataEndpoints.JwksPath)]
    [InlineData("POST", PartnerPresenceApi.Path)]
    public async Task OAuthRoute_WithOAuthOff_SaysHowToTurnItOn(string method, string path)
    {
        using var http = _factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonContent.Create(Bob) : null };

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("OAuth is off", body, StringComparison.Ordinal);
        Assert.Contains("Sip:DefaultDomain", body, StringComparison.Ordinal);
        Assert.Equal("Healthy", await http.GetStringAsync(PresenceHttpPaths.Ready));
    }
}
