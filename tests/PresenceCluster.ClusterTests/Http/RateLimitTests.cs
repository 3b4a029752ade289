using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PresenceCluster.ClusterTests.Infrastructure;

namespace PresenceCluster.ClusterTests.Http;

/// <summary>Each caller has its own budget per window; beyond it, Graph's 429 with Retry-After, and nobody else is slowed.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly SiloWebApplicationFactory _factory = new(new Dictionary<string, string?>
    {
        ["RateLimit:UserRequests"] = "3",
        ["RateLimit:Window"] = "00:01:00",
    });

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task UserBeyondTheBudget_Gets429WithRetryAfter_InGraphsEnvelope_OthersDoNot()
    {
        using var alice = await _factory.CreateSignedInClientAsync("alice@contoso.com");
        using var bob = await _factory.CreateSignedInClientAsync("bob@contoso.com");

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await alice.GetAsync("/v1.0/me/presence");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await alice.GetAsync("/v1.0/me/presence");
        using var other = await bob.GetAsync("/v1.0/me/presence");
        var error = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Equal("TooManyRequests", error.GetProperty("code").GetString());
        Assert.Contains("at most 3 per 60 s", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task AddressBeyondItsBudget_Gets429_EvenWithoutAToken_ButHealthProbesPass()
    {
        using var factory = new SiloWebApplicationFactory(new Dictionary<string, string?> { ["RateLimit:AddressRequests"] = "2" });
        using var http = factory.CreateClient();

        using var first = await http.GetAsync("/v1.0/me/presence");
        using var second = await http.GetAsync("/v1.0/me/presence");
        using var third = await http.GetAsync("/v1.0/me/presence");
        using var health = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("TooManyRequests", (await third.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
