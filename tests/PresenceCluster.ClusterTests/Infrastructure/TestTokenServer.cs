using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PresenceCluster.Auth;

namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>
/// A cloud token endpoint on real HTTP that does what such a server must: checks the client-credentials request
/// and its RFC 7523 assertion (signature with the registered client certificate, iss = sub = client id, aud = this
/// endpoint, lifetime on the test's clock, jti never replayed), and answers tokens or OAuth errors. It can be told to fail first.
/// </summary>
public sealed class TestTokenServer : IAsyncDisposable
{
    private LoopbackHttpServer _server = null!;
    private readonly ConcurrentDictionary<string, bool> _seenJti = new();
    private readonly TimeProvider _time;

    private TestTokenServer(string clientId, X509Certificate2 clientCertificate, TimeProvider time)
    {
        _time = time;
        ClientId = clientId;
        ClientCertificate = clientCertificate;
    }

    public const string Path = "/tenant/oauth2/v2.0/token";

    public string ClientId { get; }

    public X509Certificate2 ClientCertificate { get; }

    public Uri Endpoint => new(_server.Address, Path);

    private int _requests;

    /// <summary>Requests received.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How many next requests answer 503 with Retry-After: 0.</summary>
    public int FailNext { get; set; }

    /// <summary>The lifetime of the tokens issued.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public static async Task<TestTokenServer> StartAsync(string clientId, X509Certificate2 clientCertificate, TimeProvider time)
    {
        var tokenServer = new TestTokenServer(clientId, clientCertificate, time);
        tokenServer._server = await LoopbackHttpServer.StartAsync(routes => routes.MapPost(Path, (Delegate)tokenServer.HandleAsync));
        return tokenServer;
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _requests);
        if (FailNext > 0)
        {
            FailNext--;
            context.Response.Headers.RetryAfter = "0";
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials" || form["client_assertion_type"] != ClientCredentialsTokenClient.AssertionType || string.IsNullOrEmpty(form["scope"]))
        {
            return Error("invalid_request", "grant_type, client_assertion_type and scope are required");
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(form["client_assertion"].ToString(), new TokenValidationParameters
        {
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            IssuerSigningKey = new X509SecurityKey(ClientCertificate),
            ValidIssuer = ClientId,
            ValidAudience = Endpoint.ToString(),
            RequireExpirationTime = true,
            LifetimeValidator = (notBefore, expires, _, _) =>
                notBefore is { } from && expires is { } until && from <= _time.GetUtcNow().UtcDateTime.AddMinutes(1) && until > _time.GetUtcNow().UtcDateTime,
        });
        if (!result.IsValid || result.ClaimsIdentity.FindFirst("sub")?.Value != ClientId || form["client_id"] != ClientId)
        {
            return Error("invalid_client", "the client assertion is not valid", StatusCodes.Status401Unauthorized);
        }

        var jti = result.ClaimsIdentity.FindFirst("jti")?.Value ?? string.Empty;
        if (jti.Length == 0 || !_seenJti.TryAdd(jti, true))
        {
            return Error("invalid_client", "the client assertion was replayed", StatusCodes.Status401Unauthorized);
        }

        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = $"token-{number}-for-{form["scope"]}",
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)TokenLifetime.TotalSeconds,
        });
    }

    private static IResult Error(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
