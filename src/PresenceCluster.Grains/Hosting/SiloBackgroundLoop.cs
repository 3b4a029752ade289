namespace PresenceCluster.Hosting;

/// <summary>
/// Work a silo does in the background while it is an active member: started when the silo becomes active (after any
/// start-up work the silo must wait for), cancelled and awaited when it stops. Subclasses write the loop.
/// </summary>
public abstract class SiloBackgroundLoop : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(GetType().Name, ServiceLifecycleStage.Active, Start, StopAsync);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Work the silo waits for as it becomes active, before the loop starts. None by default.</summary>
    protected virtual Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The loop; it ends when <paramref name="stopping"/> is cancelled.</summary>
    protected abstract Task RunAsync(CancellationToken stopping);

    /// <summary>Releases the loop's cancellation source.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stopping.Dispose();
        }
    }

    private async Task Start(CancellationToken cancellationToken)
    {
        await StartingAsync(cancellationToken);
        _loop = RunAsync(_stopping.Token);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _loop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
