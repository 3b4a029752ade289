using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Storage;
using PresenceCluster.Hosting;

namespace PresenceCluster.Http.Health;

/// <summary>
/// Ready while the cluster's grain storage answers: one read of a row that need not exist, through the same provider
/// (SQLite or PostgreSQL) the grains use, within a few seconds.
/// </summary>
public sealed class StorageHealthCheck([FromKeyedServices(StorageNames.Provider)] IGrainStorage storage, ILocalSiloDetails silo) : IHealthCheck
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var state = new GrainState<ProbeState>(new ProbeState());
            await storage.ReadStateAsync("health-probe", GrainId.Create("health-probe", silo.Name), state).WaitAsync(Patience, cancellationToken);
            return HealthCheckResult.Healthy("Grain storage answers.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Grain storage does not answer.", exception);
        }
    }

    /// <summary>The shape of the probed row (never written).</summary>
    public sealed class ProbeState
    {
        public int Version { get; set; }
    }
}
