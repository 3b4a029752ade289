using Orleans.Concurrency;
using PresenceCluster.Grains;

namespace PresenceCluster.Diagnostics;

/// <summary>Answers from the silo the client is connected to (a stateless worker runs where it is called).</summary>
[StatelessWorker]
internal sealed class ClusterStatusGrain(IClusterMembershipService membership) : Grain, IClusterStatusGrain
{
    Task<string[]> IClusterStatusGrain.GetActiveSilosAsync() =>
        Task.FromResult(membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active)
            .Select(member => member.SiloAddress.ToParsableString())
            .ToArray());
}
