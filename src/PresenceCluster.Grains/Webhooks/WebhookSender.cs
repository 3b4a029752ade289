using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PresenceCluster.Webhooks;

/// <summary>
/// Posts to webhook receivers: the validation handshake and the notifications. Through an <see cref="HttpClient"/>
/// whose handler follows no redirects and connects only to addresses <see cref="WebhookTargetPolicy"/> allows
/// (<see cref="ConnectAsync"/>), reads at most a few kilobytes of any answer, and gives up after the configured time.
/// </summary>
public sealed class WebhookSender(HttpClient http)
{
    /// <summary>The most of a receiver's answer that is read.</summary>
    public const int MaxAnswerBytes = 4096;

    /// <summary>What a notification post came to.</summary>
    /// <param name="Delivered">The receiver answered 2xx.</param>
    /// <param name="RetryAfter">The receiver's <c>Retry-After</c>, if it sent one.</param>
    /// <param name="Error">Why it failed, for the status (no personal data: a status code or a connection error).</param>
    public readonly record struct Outcome(bool Delivered, TimeSpan? RetryAfter, string? Error);

    /// <summary>
    /// Graph's handshake: posts <c>?validationToken=…</c> to <paramref name="url"/> and expects 200 with the token,
    /// URL-decoded, as the body. Returns why it failed, or null.
    /// </summary>
    public async Task<string?> ValidateAsync(Uri url, CancellationToken cancellationToken)
    {
        var token = $"Validation: PresenceCluster checks the reachability of this receiver {Guid.NewGuid():N}";
        var separator = string.IsNullOrEmpty(url.Query) ? "?" : "&";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url + separator + "validationToken=" + Uri.EscapeDataString(token)))
        {
            Content = new StringContent(string.Empty, Encoding.UTF8, "text/plain"),
        };
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return $"answered the validation request with HTTP {(int)response.StatusCode}; it must answer 200 with the validationToken as a text/plain body";
            }

            var body = await ReadSmallAsync(response, cancellationToken);
            return body == token ? null : "did not echo the validationToken (URL-decoded, as a text/plain body) in its answer";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"could not be reached for validation ({Describe(exception)})";
        }
    }

    /// <summary>Posts <paramref name="json"/> to <paramref name="url"/>.</summary>
    public async Task<Outcome> PostAsync(Uri url, string json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return new Outcome(true, null, null);
            }

            return new Outcome(false, Auth.RetryAfterHeader.Of(response.Headers.RetryAfter), $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new Outcome(false, null, Describe(exception));
        }
    }

    /// <summary>
    /// The handler's connect step: resolves the host and connects to the first address the policy allows, refusing
    /// when it allows none. Checking here, not only when the subscription is created, closes DNS rebinding.
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(WebhookTargetPolicy policy, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        string? refusal = null;
        foreach (var address in addresses)
        {
            if (policy.CheckAddress(address) is { } problem)
            {
                refusal ??= problem;
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException)
            {
                socket.Dispose();
            }
        }

        throw new HttpRequestException(refusal is null ? $"no address of {host} accepted a connection" : $"{host} {refusal}");
    }

    private static async Task<string> ReadSmallAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxAnswerBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static string Describe(Exception exception) =>
        exception is TaskCanceledException ? "no answer in time" : exception.GetBaseException().Message;
}
