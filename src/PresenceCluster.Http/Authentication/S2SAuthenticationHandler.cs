using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceCluster.Auth;
using PresenceCluster.Diagnostics;
using PresenceCluster.Http.OAuth;
using PresenceCluster.Identity;

namespace PresenceCluster.Http.Authentication;

/// <summary>
/// Authenticates partner servers by their OAuth server-to-server bearer token (docs/oauth-s2s.md) through
/// <see cref="S2STokenValidator"/>. An accepted token becomes a principal with the partner, its trust level, the
/// operations it may call and the user it acts for; a refused one is answered by the challenge with
/// <c>WWW-Authenticate: Bearer …, error="invalid_token"</c> and the numbered reason in problem details.
/// </summary>
public sealed partial class S2SAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    S2STokenValidator validator,
    IOptions<OAuthOptions> oauth,
    IProblemDetailsService problems,
    PresenceMetrics metrics)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggers, encoder)
{
    // ASP.NET Core's own lines about every request go to the handler's category (kept at Warning by the host); the
    // cluster's one line per refused token goes to this one, at Information.
    private readonly ILogger _refusals = loggers.CreateLogger(RefusalsCategory);
    private TokenFailure? _refused;

    /// <summary>The log category of refused tokens.</summary>
    public const string RefusalsCategory = "PresenceCluster.Http.Authentication.TokenRefusals";

    /// <inheritdoc />
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var outcome = await validator.ValidateAsync(header["Bearer ".Length..].Trim());
        if (!outcome.Succeeded)
        {
            _refused = outcome.Failure;
            metrics.TokenRefused((int)outcome.Failure, outcome.Failure.ToString());
            LogTokenRefused(_refusals, (int)outcome.Failure, outcome.Failure);
            return AuthenticateResult.Fail($"The token was refused: {(int)outcome.Failure} {outcome.Failure}.");
        }

        var partner = outcome.Partner!;
        var claims = new List<Claim>
        {
            new(S2SAuthenticationDefaults.PartnerClaim, partner.ApplicationId),
            new(S2SAuthenticationDefaults.TrustLevelClaim, partner.TrustLevel.ToString()),
        };
        claims.AddRange(PartnerPolicies.Operations
            .Where(operation => partner.Operations.HasFlag(operation))
            .Select(operation => new Claim(S2SAuthenticationDefaults.OperationClaim, operation.ToString())));
        if (outcome.User is { } user)
        {
            // Tokens name users with or without the scheme (a UPN in nameid, a SIP URI in sip).
            var uri = SipUri.Parse(user.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? user : "sip:" + user, "user");
            claims.Add(new Claim(S2SAuthenticationDefaults.ActingUserClaim, uri.Value));
        }

        var identity = new ClaimsIdentity(claims, S2SAuthenticationDefaults.Scheme, S2SAuthenticationDefaults.PartnerClaim, roleType: null);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), S2SAuthenticationDefaults.Scheme));
    }

    /// <inheritdoc />
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = BearerChallenge.For(oauth.Value, tokenRefused: _refused is not null);
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = "Unauthorized",
            Detail = _refused is null ? "A bearer token is required." : "The token was refused.",
        };
        if (_refused is { } reason)
        {
            problem.Extensions["reason"] = reason.ToString();
            problem.Extensions["reasonCode"] = (int)reason;
        }

        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem });
    }

    /// <inheritdoc />
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var partner = Context.User.FindFirst(S2SAuthenticationDefaults.PartnerClaim)?.Value;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Operation not allowed",
                Detail = $"Partner {partner} may not call this operation; allow it with presencectl partner add --operations.",
            },
        }).AsTask();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner token refused: {ReasonCode} {Reason}")]
    private static partial void LogTokenRefused(ILogger logger, int reasonCode, TokenFailure reason);
}
