using Microsoft.Extensions.Logging;
using PresenceCluster.Hosting;
using PresenceCluster.Identity;
using PresenceCluster.Query;

namespace PresenceCluster.Presence;

/// <summary>
/// After every membership change, moves this silo's presence grains whose users another silo owns now to that silo
/// (a joining silo takes its share; <see cref="IndexOwnerPlacement"/> places new ones there already). Each announces
/// itself to its new owner as it moves, within the change's <see cref="IndexOwnership.Transition"/>, while owners still
/// ask the grains rather than storage.
/// </summary>
internal sealed partial class PresenceRebalancer(
    LocalPresenceActivations activations,
    IndexOwnership ownership,
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILogger<PresenceRebalancer> logger)
    : SiloBackgroundLoop
{
    /// <summary>Moves every local grain whose user another silo owns; returns how many were asked to move.</summary>
    public async Task<int> RebalanceOnceAsync(CancellationToken cancellationToken)
    {
        var partition = ownership.Current;
        var moves = activations.Keys
            .Select(key => (Key: key, Owner: ownership.OwnerOf(partition, UserGrainKey.Decode(key))))
            .Where(move => move.Owner != ownership.LocalSilo)
            .ToList();
        // A grain not moved keeps feeding its owner from where it is; the next change, or its next activation, places it there.
        await PresenceMoves.MoveAsync(grains, moves.Select(move => (move.Key, SiloAddress.FromParsableString(move.Owner))), cancellationToken);
        return moves.Count;
    }

    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stopping)
    {
        IReadOnlyList<string>? members = null;
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stopping))
        {
            var active = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress.ToParsableString()).Order(StringComparer.Ordinal).ToList();
            if (members is not null && !members.SequenceEqual(active))
            {
                try
                {
                    var moved = await RebalanceOnceAsync(stopping);
                    LogRebalanced(logger, moved, active.Count);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogRebalanceFailed(logger, exception);
                }
            }

            members = active;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Membership changed ({Silos} active silos): {Moved} presence grains asked to move to the silos that own their users now")]
    private static partial void LogRebalanced(ILogger logger, int moved, int silos);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving presence grains to their new owners failed; they keep feeding their owners from where they are")]
    private static partial void LogRebalanceFailed(ILogger logger, Exception exception);
}
