namespace PresenceCluster.Client;

/// <summary>Tells subscriptions when the connection to the cluster comes back, so they resubscribe at once.</summary>
internal sealed class ClusterConnectionMonitor : IClusterConnectionStatusObserver
{
    /// <summary>Raised when a gateway connection is recovered after the cluster was unreachable.</summary>
    public event Action? Reconnected;

    public void NotifyClusterConnectionLost()
    {
    }

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (connectionRecovered)
        {
            Reconnected?.Invoke();
        }
    }
}
