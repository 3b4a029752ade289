using Microsoft.Extensions.Time.Testing;
using PresenceCluster.Auth;
using PresenceCluster.ClusterTests.Infrastructure;

namespace PresenceCluster.ClusterTests.OAuth;

/// <summary>
/// Tokens from a cloud token server with the client-credentials grant and an RFC 7523 certificate assertion, against
/// a real local HTTP endpoint that checks the assertion: obtained, cached, renewed before expiry, retried through
/// transient failures, and a refusal reported with its OAuth error.
/// </summary>
public sealed class ClientCredentialsTests : IAsyncLifetime, IDisposable
{
    private const string ClientId = "presence-cluster-client";
    private const string Scope = "https://outlook.example.com/.default";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly HttpClient _http = new();
    private TestTokenServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestTokenServer.StartAsync(ClientId, TestPartner.CreateCertificate("CN=presence-client"), _time);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private ClientCredentialsTokenClient Client(string clientId = ClientId, int maxAttempts = 3) => new(
        _http,
        new CloudTokenClientOptions { TokenEndpoint = _server.Endpoint, ClientId = clientId, MaxAttempts = maxAttempts, RetryDelay = TimeSpan.FromMilliseconds(10) },
        () => _server.ClientCertificate,
        _time);

    [Fact]
    public async Task Token_IsObtainedWithAValidAssertion_AndReusedUntilShortlyBeforeExpiry()
    {
        using var client = Client();

        var first = await client.GetTokenAsync(Scope);
        var again = await client.GetTokenAsync(Scope);
        _time.Advance(TimeSpan.FromMinutes(54));
        var stillCached = await client.GetTokenAsync(Scope);
        _time.Advance(TimeSpan.FromMinutes(1));
        var renewed = await client.GetTokenAsync(Scope);

        Assert.Equal($"token-1-for-{Scope}", first.Value);
        Assert.Same(first, again);
        Assert.Same(first, stillCached);
        Assert.Equal($"token-2-for-{Scope}", renewed.Value);
        Assert.Equal(2, _server.Requests);
    }

    [Fact]
    public async Task TransientFailures_AreRetried_WithAFreshAssertionEachTime()
    {
        using var client = Client();
        _server.FailNext = 2;

        var token = await client.GetTokenAsync(Scope);

        Assert.Equal($"token-3-for-{Scope}", token.Value);
        Assert.Equal(3, _server.Requests);
    }

    [Fact]
    public async Task FailuresBeyondTheAttempts_AreReportedWithTheLastStatus()
    {
        using var client = Client(maxAttempts: 2);
        _server.FailNext = 5;

        var exception = await Assert.ThrowsAsync<TokenRequestException>(() => client.GetTokenAsync(Scope));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, exception.Status);
        Assert.Equal(2, _server.Requests);
    }

    [Fact]
    public async Task UnknownClient_IsRefusedWithTheOAuthError_AndNotRetried()
    {
        using var client = Client(clientId: "someone-else");

        var exception = await Assert.ThrowsAsync<TokenRequestException>(() => client.GetTokenAsync(Scope));

        Assert.Equal("invalid_client", exception.Error);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, exception.Status);
        Assert.Equal(1, _server.Requests);
    }
}
