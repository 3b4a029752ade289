using System.Security.Claims;
using PresenceCluster.Errors;
using PresenceCluster.Identity;

namespace PresenceCluster.Http.Users;

/// <summary>Who an end user is, from their token's claims or a user id in a route.</summary>
public static class UserIdentity
{
    /// <summary>The authentication scheme of end users' bearer tokens.</summary>
    public const string Scheme = "Users";

    /// <summary>The authorization policy of the end-user API.</summary>
    public const string Policy = "user";

    /// <summary>
    /// A user id as Graph routes carry it — a UPN (<c>alice@contoso.com</c>) or a SIP URI — as a SIP URI.
    /// </summary>
    /// <exception cref="InvalidInputException">It is neither.</exception>
    public static SipUri Parse(string? id, string parameter = "id") =>
        SipUri.Parse(id is not null && !id.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) ? "sip:" + id : id, parameter);

    /// <summary>The signed-in user of <paramref name="principal"/>, from <paramref name="claim"/> (or <c>sub</c>).</summary>
    /// <exception cref="InvalidInputException">The token names no usable user.</exception>
    public static SipUri Of(ClaimsPrincipal principal, string claim) =>
        Parse(principal.FindFirst(claim)?.Value ?? principal.FindFirst("sub")?.Value, "token");
}
