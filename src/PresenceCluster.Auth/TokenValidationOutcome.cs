namespace PresenceCluster.Auth;

/// <summary>The result of validating a server-to-server token: who is calling, for whom, or why not.</summary>
public sealed record class TokenValidationOutcome(TokenFailure Failure, PartnerApplication? Partner = null, string? User = null)
{
    /// <summary>True when the token was accepted.</summary>
    public bool Succeeded => Failure == TokenFailure.None;

    /// <summary>A refusal.</summary>
    public static TokenValidationOutcome Refused(TokenFailure failure) => new(failure);
}
