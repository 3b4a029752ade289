using Microsoft.Extensions.Logging;

namespace PresenceCluster.Presence;

/// <summary>
/// When a silo stops gracefully, its presence grains move to the silos that stay — each to the one that owns its user
/// once this silo has left — endpoints and subscriptions with
/// them (<see cref="PresenceSoftState"/>) — before the runtime deactivates what is left, so users stay signed in and
/// watchers keep their subscriptions through a rolling restart. It runs first in the silo's stop, while the silo is
/// still an active member; grains it could not move in <see cref="HandoverTimeout"/> are deactivated as before (their
/// clients' heartbeats and the SDK's subscription repair bring them back within seconds).
/// </summary>
internal sealed partial class PresenceHandover(
    LocalPresenceActivations activations,
    IGrainFactory grains,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    ILogger<PresenceHandover> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How long a stopping silo waits for its presence grains to move.</summary>
    public static readonly TimeSpan HandoverTimeout = TimeSpan.FromSeconds(15);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PresenceHandover), ServiceLifecycleStage.Active, _ => Task.CompletedTask, HandOverAsync);

    private async Task HandOverAsync(CancellationToken cancellationToken)
    {
        var targets = membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active && !member.SiloAddress.Equals(silo.SiloAddress))
            .Select(member => member.SiloAddress)
            .ToArray();
        var keys = activations.Keys;
        if (targets.Length == 0 || keys.Length == 0)
        {
            return;
        }

        // Each grain goes to the silo that owns its user once this one has left (where placement would put it).
        var after = new Query.IndexPartition(targets.Select(target => target.ToParsableString()));
        var byName = targets.ToDictionary(target => target.ToParsableString(), StringComparer.Ordinal);
        var started = DateTimeOffset.UtcNow;

        // A grain not moved in time stays; the runtime deactivates it with the silo.
        await PresenceMoves.MoveAsync(grains, keys.Select(key => (key, byName[after.OwnerOf(Identity.UserGrainKey.Decode(key))!])), cancellationToken);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HandoverTimeout);
        while (activations.Count > 0 && !timeout.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        LogHandover(logger, keys.Length - activations.Count, keys.Length, targets.Length, (DateTimeOffset.UtcNow - started).TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: handed {Moved} of {Total} presence grains over to {Silos} other silos in {Seconds:F1} s; the rest are deactivated and come back with their clients' next heartbeat")]
    private static partial void LogHandover(ILogger logger, int moved, int total, int silos, double seconds);
}
