using PresenceCluster.Client;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Identity;

namespace PresenceCluster.ClusterTests.Client;

/// <summary>
/// The SDK when the cluster is gone: a typed <see cref="ClusterUnavailableException"/> (what failed, how often it
/// was tried) instead of Orleans' own exceptions, reads retried with back-off first, writes not repeated; and a call
/// whose token is already cancelled sends nothing.
/// </summary>
public sealed class ClusterUnavailableTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();
    private readonly int _gatewayPort = FreePort.Next();
    private DotnetProcess _silo = null!;
    private PresenceClusterClient _client = null!;

    public async Task InitializeAsync()
    {
        _silo = DotnetProcess.StartSilo(_dataDirectory, _gatewayPort);
        await _silo.WaitForOutputAsync(DotnetProcess.SiloReady, Patience);
        _client = await PresenceClusterClient.ConnectAsync(new PresenceClientOptions
        {
            LocalGatewayPort = _gatewayPort,
            RetryAttempts = 3,
            RetryDelay = TimeSpan.FromMilliseconds(100),
        });
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _silo.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task PreCancelledToken_SendsNothing()
    {
        var alice = SipUri.Parse("sip:alice@contoso.com");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.SetNoteAsync(alice, "Never sent", cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _client.PublishEndpointAsync(alice, new() { EndpointId = "pc" }, cancelled.Token));

        var own = await _client.GetOwnPresenceAsync(alice);
        Assert.Null(own.Note);
        Assert.Equal(PresenceCluster.Presence.GraphAvailability.Offline, own.GraphAvailability);
    }

    [Fact]
    public async Task ClusterGone_ReadsAreRetriedThenTyped_WritesAreTypedAtOnce()
    {
        var alice = SipUri.Parse("sip:alice@contoso.com");
        await _client.SetNoteAsync(alice, "Here");
        await _silo.DisposeAsync();

        var read = await Assert.ThrowsAsync<ClusterUnavailableException>(() => _client.GetOwnPresenceAsync(alice));
        var write = await Assert.ThrowsAsync<ClusterUnavailableException>(() => _client.SetNoteAsync(alice, "Gone"));

        Assert.Equal("read presence", read.Operation);
        Assert.Equal(3, read.Attempts);
        Assert.Contains("may be retried", read.Message, StringComparison.Ordinal);
        Assert.Equal("set the note", write.Operation);
        Assert.Equal(1, write.Attempts);
    }
}
