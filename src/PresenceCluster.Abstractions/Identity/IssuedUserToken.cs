namespace PresenceCluster.Identity;

/// <summary>An end user's bearer token issued by the cluster, and until when it is accepted.</summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.IssuedUserToken")]
public sealed record class IssuedUserToken
{
    /// <summary>The JWT, for <c>Authorization: Bearer …</c>.</summary>
    [Id(0)] public required string AccessToken { get; init; }

    /// <summary>When it expires.</summary>
    [Id(1)] public required DateTimeOffset ExpiresAt { get; init; }
}
