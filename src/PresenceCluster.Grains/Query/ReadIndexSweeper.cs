using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceCluster.Hosting;
using PresenceCluster.Presence;

namespace PresenceCluster.Query;

/// <summary>
/// Keeps a silo's read index to its share: every <see cref="PresenceOptions.IndexSweepInterval"/> (on the wall clock)
/// removes the entries that lapsed (on the presence clock) and those of users another silo owns now — after a
/// membership change's transition, when their grains no longer feed this silo.
/// </summary>
public sealed partial class ReadIndexSweeper(
    PresenceReadIndex index,
    IndexOwnership ownership,
    IOptions<PresenceOptions> options,
    [FromKeyedServices(PresenceTime.ServiceKey)] TimeProvider time,
    ILogger<ReadIndexSweeper> logger)
    : SiloBackgroundLoop
{
    /// <summary>One sweep; returns how many entries went.</summary>
    public int SweepOnce()
    {
        var partition = ownership.Current;
        return index.Sweep(time.GetUtcNow(), user => ownership.OwnerOf(partition, user) == ownership.LocalSilo);
    }

    /// <inheritdoc />
    protected override async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await Task.Delay(options.Value.IndexSweepInterval, TimeProvider.System, stopping);
            var removed = SweepOnce();
            LogSwept(logger, removed, index.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Read index sweep removed {Removed} entries; {Count} remain")]
    private static partial void LogSwept(ILogger logger, int removed, int count);
}
