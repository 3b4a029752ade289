using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace PresenceCluster.Query;

/// <summary>
/// Places a grain whose string key is a silo address on that silo, so that each silo has one addressable grain of
/// the type (its read-index or OAuth-directory replica). A key naming another silo that this silo cannot place on
/// (not yet known as compatible while the cluster's manifest spreads at start-up, or gone) is refused rather than
/// placed here: a replica placed on the wrong silo would take that silo's updates for good.
/// </summary>
[GenerateSerializer, Immutable, Alias("PresenceCluster.SiloAddressedPlacement")]
public sealed class SiloAddressedPlacement : PlacementStrategy
{
    internal static SiloAddressedPlacement Instance { get; } = new();
}

/// <summary>Marks a grain class for <see cref="SiloAddressedPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloAddressedPlacementAttribute() : PlacementAttribute(SiloAddressedPlacement.Instance);

/// <summary>Chooses the silo that the grain's key names.</summary>
internal sealed class SiloAddressedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        foreach (var silo in context.GetCompatibleSilos(target))
        {
            if (string.Equals(silo.ToParsableString(), key, StringComparison.Ordinal))
            {
                return Task.FromResult(silo);
            }
        }

        if (string.Equals(context.LocalSilo.ToParsableString(), key, StringComparison.Ordinal))
        {
            return Task.FromResult(context.LocalSilo);
        }

        // The caller treats this like an unreachable silo: that silo catches up through its periodic sync.
        throw new SiloUnavailableException($"Silo {key} is not a member this silo can place its replica on (not yet, or no longer).");
    }
}
