using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using PresenceCluster.Http.Users;

namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>End users of a test silo: signed in through the development sign-in, over plain HTTP or the Microsoft.Graph SDK.</summary>
public static class SignedInClients
{
    /// <summary>A token for <paramref name="user"/> (an address such as <c>alice@contoso.com</c>) from the development sign-in.</summary>
    public static async Task<string> SignInAsync(this HttpClient http, string user)
    {
        using var response = await http.PostAsJsonAsync(DevSignInApi.Path, new { user });
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", answer.GetProperty("token_type").GetString());
        return answer.GetProperty("access_token").GetString()!;
    }

    /// <summary>An HTTP client of the silo that sends <paramref name="user"/>'s token with every request.</summary>
    public static async Task<HttpClient> CreateSignedInClientAsync(this SiloWebApplicationFactory factory, string user)
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await http.SignInAsync(user));
        return http;
    }

    /// <summary>The Microsoft.Graph SDK with its base URL on the silo behind <paramref name="http"/>, sending <paramref name="token"/>.</summary>
    public static GraphServiceClient CreateGraphClient(this HttpClient http, string token) =>
        new(http, new BaseBearerTokenAuthenticationProvider(new FixedToken(token)), new Uri(http.BaseAddress!, "v1.0").ToString());

    private sealed class FixedToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(token);
    }
}
