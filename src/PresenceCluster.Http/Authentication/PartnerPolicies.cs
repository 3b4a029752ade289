using Microsoft.AspNetCore.Authorization;
using PresenceCluster.Partners;

namespace PresenceCluster.Http.Authentication;

/// <summary>One authorization policy per partner operation: an S2S-authenticated partner allowed to call it.</summary>
public static class PartnerPolicies
{
    /// <summary>The policy name of <paramref name="operation"/>.</summary>
    public static string For(PartnerOperations operation) => $"partner:{operation}";

    /// <summary>Each single operation (the flags with one bit; not None, not All).</summary>
    public static IEnumerable<PartnerOperations> Operations =>
        Enum.GetValues<PartnerOperations>().Where(o => System.Numerics.BitOperations.IsPow2((int)o)).Distinct();

    /// <summary>Adds a policy for every operation.</summary>
    public static AuthorizationBuilder AddPartnerPolicies(this AuthorizationBuilder authorization)
    {
        foreach (var operation in Operations)
        {
            authorization.AddPolicy(For(operation), policy => policy
                .AddAuthenticationSchemes(S2SAuthenticationDefaults.Scheme)
                .RequireAuthenticatedUser()
                .RequireClaim(S2SAuthenticationDefaults.OperationClaim, operation.ToString()));
        }

        return authorization;
    }
}
