using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace PresenceCluster.LoadTest;

/// <summary>
/// The harness as a Graph client of the silo's HTTP API: one pooled, keep-alive connection set (as a server-side
/// Graph client keeps), end users signed in through the development sign-in.
/// </summary>
public sealed class GraphHttp : IDisposable
{
    private readonly HttpClient _http;

    public GraphHttp(Uri address, int connections)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        })
        {
            BaseAddress = address,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public HttpClient Client => _http;

    /// <summary>A bearer token for <paramref name="address"/> (<c>user1@contoso.com</c>).</summary>
    public async Task<string> SignInAsync(string address)
    {
        using var response = await _http.PostAsJsonAsync("auth/dev/token", new { user = address });
        response.EnsureSuccessStatusCode();
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return answer.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary><c>POST /v1.0/communications/getPresencesByUserId</c> with a pre-encoded body; returns how many presences came back.</summary>
    public async Task<int> GetPresencesByUserIdAsync(string token, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1.0/communications/getPresencesByUserId") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        return answer.RootElement.GetProperty("value").GetArrayLength();
    }

    /// <summary>
    /// Follows <c>GET /v1.0/me/presence/events?ids=…</c> as <paramref name="token"/>'s user, handing each presence
    /// event's data to <paramref name="onPresence"/>, until <paramref name="stopping"/> is cancelled.
    /// </summary>
    public async Task FollowEventsAsync(string token, IEnumerable<string> addresses, Action<JsonElement> onPresence, CancellationToken stopping)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1.0/me/presence/events?ids=" + Uri.EscapeDataString(string.Join(',', addresses)));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stopping);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(stopping));
        try
        {
            while (await reader.ReadLineAsync(stopping) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    using var data = JsonDocument.Parse(line.AsMemory(6));
                    onPresence(data.RootElement);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The scenario is over.
        }
    }

    public void Dispose() => _http.Dispose();
}
