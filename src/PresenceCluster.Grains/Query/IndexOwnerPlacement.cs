using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using PresenceCluster.Identity;

namespace PresenceCluster.Query;

/// <summary>
/// Places a user's presence grain on the silo that owns the user's read-index entry (<see cref="IndexPartition"/>):
/// its publications are then local calls, and the owner knows from its own silo whether the grain is live. A placement
/// hint (a grain being moved on purpose) is honoured; when the owner is not among the compatible silos (membership
/// views differ for a moment) the grain goes to this silo or any compatible one, and announces itself to its owner.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.IndexOwnerPlacement")]
public sealed class IndexOwnerPlacement : PlacementStrategy
{
    internal static IndexOwnerPlacement Instance { get; } = new();
}

/// <summary>Marks a grain class keyed by <see cref="UserGrainKey"/> for <see cref="IndexOwnerPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class IndexOwnerPlacementAttribute() : PlacementAttribute(IndexOwnerPlacement.Instance);

/// <summary>Chooses the user's index owner.</summary>
internal sealed class IndexOwnerPlacementDirector(IndexOwnership ownership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (target.RequestContextData?.TryGetValue(IPlacementDirector.PlacementHintKey, out var hint) == true && hint is SiloAddress hinted && compatible.Contains(hinted))
        {
            return Task.FromResult(hinted);
        }

        var owner = ownership.OwnerOf(ownership.Current, UserGrainKey.Decode(target.GrainIdentity.Key.ToString()!));
        foreach (var silo in compatible)
        {
            if (string.Equals(silo.ToParsableString(), owner, StringComparison.Ordinal))
            {
                return Task.FromResult(silo);
            }
        }

        return Task.FromResult(compatible.Contains(context.LocalSilo) || compatible.Length == 0 ? context.LocalSilo : compatible[Random.Shared.Next(compatible.Length)]);
    }
}
