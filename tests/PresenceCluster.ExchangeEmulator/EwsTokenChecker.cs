using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PresenceCluster.ExchangeEmulator;

/// <summary>
/// A partner's bearer token checked as Exchange Server checks it (MS-XOAUTH 3.2.5.6): an unsigned outer token whose
/// <c>actortoken</c> is signed by the registered partner's certificate; both addressed to Exchange at this host and
/// realm; the outer <c>iss</c> equal (case-sensitive) to the actor's <c>nameid</c>; the actor trusted for delegation;
/// the user named by the outer <c>nameid</c> (a UPN), which <c>X-AnchorMailbox</c> must match; lifetimes on the clock.
/// </summary>
public static class EwsTokenChecker
{
    /// <summary>The user the token acts for, or null when Exchange would refuse it.</summary>
    public static async Task<string?> CheckAsync(HttpContext context, X509Certificate2? partnerCertificate, string audience, TimeProvider time)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (partnerCertificate is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3 || parts[2].Length != 0 || Json(parts[0]) is not { } header || Json(parts[1]) is not { } outer
            || Text(header, "alg") != "none")
        {
            return null;
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (Text(outer, "aud") != audience || Number(outer, "exp") is not { } exp || exp <= now || Number(outer, "nbf") is { } nbf && nbf > now + 300
            || Text(outer, "nameid") is not { Length: > 0 } user || Text(outer, "actortoken") is not { } actorToken)
        {
            return null;
        }

        var actor = await new JsonWebTokenHandler().ValidateTokenAsync(actorToken, new TokenValidationParameters
        {
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            IssuerSigningKey = new X509SecurityKey(partnerCertificate),
            ValidateIssuer = false,
            ValidAudience = audience,
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } until && until > time.GetUtcNow().UtcDateTime && (notBefore is not { } from || from <= time.GetUtcNow().UtcDateTime.AddMinutes(5)),
        });
        if (!actor.IsValid
            || actor.ClaimsIdentity.FindFirst("nameid")?.Value is not { } actorName || !string.Equals(actorName, Text(outer, "iss"), StringComparison.Ordinal)
            || actor.ClaimsIdentity.FindFirst("trustedfordelegation")?.Value != "true")
        {
            return null;
        }

        return string.Equals(context.Request.Headers["X-AnchorMailbox"].ToString(), user, StringComparison.OrdinalIgnoreCase) ? user : null;
    }

    private static JsonElement? Json(string segment)
    {
        try
        {
            var padded = segment.Replace('-', '+').Replace('_', '/');
            padded = padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '=');
            return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(padded))).RootElement;
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;

    private static long? Number(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var property)
            ? property.ValueKind == JsonValueKind.Number ? property.GetInt64() : long.TryParse(property.GetString(), out var parsed) ? parsed : null
            : null;
}
