using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Polly;
using Polly.Retry;

namespace PresenceCluster.Auth;

/// <summary>
/// Gets access tokens from a cloud token server with the client-credentials grant, authenticating with a client
/// assertion signed by our certificate (RFC 7523 <c>private_key_jwt</c>). Tokens are cached per scope until shortly
/// before they expire; transient failures (network, 5xx, 429) are retried with backoff, honouring Retry-After.
/// </summary>
public sealed class ClientCredentialsTokenClient : IDisposable
{
    /// <summary>The client assertion type of RFC 7523.</summary>
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly HttpClient _http;
    private readonly CloudTokenClientOptions _options;
    private readonly Func<X509Certificate2> _certificate;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private readonly ConcurrentDictionary<string, (AccessToken Token, DateTimeOffset RenewAt)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <param name="http">The client requests go through.</param>
    /// <param name="options">Where and as whom to ask.</param>
    /// <param name="certificate">The certificate that signs assertions, asked for each time (it changes with a rollover).</param>
    /// <param name="time">The clock of assertions and of the cache.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public ClientCredentialsTokenClient(HttpClient http, CloudTokenClientOptions options, Func<X509Certificate2> certificate, TimeProvider time)
    {
        var failures = options.Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        _http = http;
        _options = options;
        _certificate = certificate;
        _time = time;
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaxAttempts > 1)
        {
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .HandleResult(response => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.Headers.RetryAfter?.Delta),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        _retry = pipeline.Build();
    }

    /// <summary>An access token for <paramref name="scope"/>, from the cache or the token server.</summary>
    /// <exception cref="TokenRequestException">The server refused (its OAuth error is in <see cref="TokenRequestException.Error"/>) or stayed unreachable.</exception>
    public async Task<AccessToken> GetTokenAsync(string scope, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        if (Cached(scope) is { } cached)
        {
            return cached;
        }

        // One request per scope at a time: callers that arrive meanwhile take its token; other scopes do not wait.
        var gate = _gates.GetOrAdd(scope, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Cached(scope) is { } arrived)
            {
                return arrived;
            }

            var (token, lifetime) = await RequestAsync(scope, cancellationToken);
            var renewBefore = TimeSpan.FromTicks(Math.Min(lifetime.Ticks / 10, TimeSpan.FromMinutes(5).Ticks));
            _cache[scope] = (token, token.ExpiresAt - renewBefore);
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A client assertion: iss = sub = client id, aud = the token endpoint, a unique jti, signed RS256 with x5t.</summary>
    public string CreateAssertion()
    {
        var now = _time.GetUtcNow();
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.ClientId,
            Audience = _options.TokenEndpoint!.ToString(),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + _options.AssertionLifetime).UtcDateTime,
            Claims = new Dictionary<string, object>
            {
                ["sub"] = _options.ClientId,
                ["jti"] = Guid.NewGuid().ToString("N"),
            },
            SigningCredentials = new X509SigningCredentials(_certificate(), SecurityAlgorithms.RsaSha256),
        });
    }

    public void Dispose()
    {
        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }
    }

    private AccessToken? Cached(string scope) =>
        _cache.TryGetValue(scope, out var entry) && _time.GetUtcNow() < entry.RenewAt ? entry.Token : null;

    private async Task<(AccessToken Token, TimeSpan Lifetime)> RequestAsync(string scope, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _retry.ExecuteAsync(
                async token =>
                {
                    // A fresh assertion (and jti) per attempt: servers refuse a replayed one.
                    using var form = new FormUrlEncodedContent(new Dictionary<string, string>
                    {
                        ["grant_type"] = "client_credentials",
                        ["client_id"] = _options.ClientId,
                        ["client_assertion_type"] = AssertionType,
                        ["client_assertion"] = CreateAssertion(),
                        ["scope"] = scope,
                    });
                    return await _http.PostAsync(_options.TokenEndpoint, form, token);
                },
                cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new TokenRequestException($"The token server {_options.TokenEndpoint} could not be reached after {_options.MaxAttempts} attempt(s): {exception.Message}", inner: exception);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonElement json;
            try
            {
                json = JsonDocument.Parse(body).RootElement;
            }
            catch (JsonException)
            {
                throw new TokenRequestException($"The token server answered HTTP {(int)response.StatusCode} without a JSON body.", response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                var error = Text(json, "error");
                throw new TokenRequestException($"The token server refused the request (HTTP {(int)response.StatusCode}, {error ?? "no error code"}): {Text(json, "error_description")}", response.StatusCode, error);
            }

            var value = Text(json, "access_token");
            var expiresIn = json.TryGetProperty("expires_in", out var expires)
                ? expires.ValueKind == JsonValueKind.Number ? expires.GetInt64() : long.TryParse(expires.GetString(), out var parsed) ? parsed : 0
                : 0;
            if (string.IsNullOrEmpty(value) || expiresIn <= 0)
            {
                throw new TokenRequestException("The token server's answer lacks access_token or a positive expires_in.", response.StatusCode);
            }

            var lifetime = TimeSpan.FromSeconds(expiresIn);
            return (new AccessToken(value, _time.GetUtcNow() + lifetime), lifetime);
        }
    }

    private static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
