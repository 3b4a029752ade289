using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace PresenceCluster.Query;

/// <summary>
/// Places a grain whose string key is a silo address on that silo, so that each silo has one addressable
/// grain of the type. A key naming no active silo falls back to the local silo.
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

        return Task.FromResult(context.LocalSilo);
    }
}
