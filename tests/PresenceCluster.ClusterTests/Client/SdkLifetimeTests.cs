using System.Diagnostics;
using System.Globalization;
using PresenceCluster.Client;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Identity;

namespace PresenceCluster.ClusterTests.Client;

/// <summary>
/// Programs built on the SDK stop when their operator stops them: the SDK's own host installs no console lifetime
/// that would swallow SIGTERM (before, a program could only be SIGKILLed).
/// </summary>
public sealed class SdkLifetimeTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(5);
    private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();
    private readonly int _gatewayPort = FreePort.Next();
    private DotnetProcess? _silo;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task QuickStart_StillConnecting_ExitsOnSigterm_WithinFiveSeconds()
    {
        // No silo on this port: the SDK keeps trying to connect for its 30 s connect timeout.
        await using var quickStart = DotnetProcess.Start("PresenceCluster.QuickStart", new Dictionary<string, string>(), FreePort.Next().ToString(CultureInfo.InvariantCulture));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(quickStart.HasExited, quickStart.Output);

        var stopped = Stopwatch.StartNew();
        await quickStart.StopAsync(StopWithin);

        Assert.True(stopped.Elapsed < StopWithin, $"took {stopped.Elapsed}");
        Assert.Equal(143, quickStart.ExitCode);
    }

    [Fact]
    public async Task PresencectlWatch_ExitsOnSigterm_WithinFiveSeconds_AfterShowingChanges()
    {
        _silo = DotnetProcess.StartSilo(_dataDirectory, _gatewayPort);
        await _silo.WaitForOutputAsync(DotnetProcess.SiloReady, Patience);
        await using var client = await PresenceClusterClient.ConnectAsync(new PresenceClientOptions { LocalGatewayPort = _gatewayPort });
        var bob = SipUri.Parse("sip:bob@contoso.com");

        await using var watch = DotnetProcess.Start(
            "presencectl",
            new Dictionary<string, string>(),
            "presence", "watch", "--watcher", "sip:alice@contoso.com", "--target", bob.Value, "--gateway", $"127.0.0.1:{_gatewayPort}");
        await watch.WaitForOutputAsync("sip:bob@contoso.com Offline", Patience);
        await client.PublishEndpointAsync(bob, new() { EndpointId = "laptop", DeviceClass = PresenceCluster.Presence.DeviceClass.Computer });
        await watch.WaitForOutputAsync("sip:bob@contoso.com Available", Patience);

        var stopped = Stopwatch.StartNew();
        await watch.StopAsync(StopWithin);

        Assert.True(stopped.Elapsed < StopWithin, $"took {stopped.Elapsed}");
        Assert.True(watch.ExitCode == 0, watch.Output);
    }
}
