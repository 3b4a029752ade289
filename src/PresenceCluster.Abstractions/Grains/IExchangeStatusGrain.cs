using PresenceCluster.Exchange;

namespace PresenceCluster.Grains;

/// <summary>
/// One silo's mailbox connector status, keyed by that silo's address (<c>SiloAddress.ToParsableString()</c>, as
/// <see cref="IClusterStatusGrain.GetActiveSilosAsync"/> lists them) and placed on it.
/// </summary>
[Alias("PresenceCluster.IExchangeStatusGrain")]
public interface IExchangeStatusGrain : IGrainWithStringKey
{
    /// <summary>The connector's status on this silo.</summary>
    [Alias("GetStatus")]
    Task<ExchangeConnectorStatus> GetStatusAsync();
}
