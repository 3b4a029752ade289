using PresenceCluster.Client;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Identity;

namespace PresenceCluster.ClusterTests.Hosting;

/// <summary>
/// The README's promise, checked for real: the silo program started as the README says serves the README's SDK
/// example, and a stopped and restarted silo still has the contacts and notes.
/// </summary>
public sealed class QuickStartTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();
    private readonly int _gatewayPort = FreePort.Next();
    private readonly int _siloPort = FreePort.Next();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dataDirectory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void Readme_ShowsTheQuickStartProgramVerbatim() =>
        Assert.Equal(File.ReadAllText(Path.Combine(ProgramBuild.RepositoryRoot(), "samples", "PresenceCluster.QuickStart", "Program.cs")), ReadmeBlocks.Get("quickstart", "csharp"));

    [Fact]
    public async Task SiloProgram_ServesTheQuickStart_AndKeepsContactsAndNotesAcrossARestart()
    {
        await using (var silo = StartSilo())
        {
            // Twice: the sample must work on a cluster where it already ran (Bob is Busy from the first run).
            for (var run = 1; run <= 2; run++)
            {
                await using var quickStart = DotnetProcess.Start("PresenceCluster.QuickStart", new Dictionary<string, string>(), _gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await quickStart.WaitForExitAsync(Patience);

                Assert.True(quickStart.ExitCode == 0, $"run {run}: {quickStart.Output}");
                Assert.Equal(
                    ["sip:bob@contoso.com is Available: Shipping the release", "sip:bob@contoso.com is now Busy (6500)"],
                    quickStart.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }

            await silo.StopAsync(Patience);
            Assert.True(silo.ExitCode == 0, silo.Output);
        }

        await using var restarted = StartSilo();
        await using var client = await PresenceClusterClient.ConnectAsync(new PresenceClientOptions { LocalGatewayPort = _gatewayPort });
        var alice = SipUri.Parse("sip:alice@contoso.com");
        var bob = SipUri.Parse("sip:bob@contoso.com");

        var contacts = await client.GetContactListAsync(alice);
        var bobAsAliceSeesHim = await client.GetPresenceAsync(alice, bob);

        var contact = Assert.Single(contacts.Contacts);
        Assert.Equal("sip:bob@contoso.com", contact.Uri);
        Assert.Equal("Bob", contact.DisplayName);
        Assert.Equal("Shipping the release", bobAsAliceSeesHim.Note);
    }

    private DotnetProcess StartSilo() => DotnetProcess.Start("PresenceCluster.Silo", new Dictionary<string, string>
    {
        ["Cluster__SiloPort"] = _siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cluster__GatewayPort"] = _gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Storage__Sqlite__DataDirectory"] = _dataDirectory,
        ["Http__Port"] = "0",
    });
}
