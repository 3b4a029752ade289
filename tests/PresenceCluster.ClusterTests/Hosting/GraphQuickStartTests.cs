using PresenceCluster.ClusterTests.Infrastructure;

namespace PresenceCluster.ClusterTests.Hosting;

/// <summary>The README's Microsoft Graph SDK example, shown verbatim and run against the silo program.</summary>
public sealed class GraphQuickStartTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public void Readme_ShowsTheGraphQuickStartProgramVerbatim() =>
        Assert.Equal(File.ReadAllText(Path.Combine(ProgramBuild.RepositoryRoot(), "samples", "PresenceCluster.GraphQuickStart", "Program.cs")), ReadmeBlocks.Get("graph-quickstart", "csharp"));

    [Fact]
    public async Task GraphQuickStart_AgainstTheSiloProgram_SetsAndReadsPresenceThroughTheSdk()
    {
        await using var silo = DotnetProcess.StartSilo(_dataDirectory, FreePort.Next());
        await silo.WaitForOutputAsync(DotnetProcess.SiloReady, Patience);
        var address = silo.SiloHttpAddress.ToString();

        await using var sample = DotnetProcess.Start("PresenceCluster.GraphQuickStart", new Dictionary<string, string>(), address);
        await sample.WaitForExitAsync(Patience);

        Assert.True(sample.ExitCode == 0, sample.Output + sample.Errors);
        Assert.Equal(
            ["alice@contoso.com is Busy (Busy)", "bob@contoso.com is Offline"],
            sample.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
