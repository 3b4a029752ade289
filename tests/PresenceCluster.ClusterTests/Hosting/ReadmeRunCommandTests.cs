using System.Net;
using PresenceCluster.ClusterTests.Infrastructure;
using PresenceCluster.Http.Hosting;

namespace PresenceCluster.ClusterTests.Hosting;

/// <summary>Tests that use the silo's default ports, which in-process test clusters may also pick: run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DefaultPortsCollection
{
    public const string Name = "Default ports";
}

/// <summary>
/// The README's run command with no setting at all, as a newcomer runs it: the silo program serves its health,
/// metrics, OpenAPI document, API reference, dashboard and web client on http://localhost:8080, answers the README's
/// curl session, and stops on SIGTERM.
/// </summary>
[Collection(DefaultPortsCollection.Name)]
public sealed class ReadmeRunCommandTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _workingDirectory = PresenceTestCluster.NewDataDirectory();
    private readonly HttpClient _http = new() { BaseAddress = new Uri("http://localhost:8080") };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_workingDirectory, recursive: true);
    }

    private static async Task<string> RunBashAsync(string script)
    {
        using var bash = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", ["-euo", "pipefail", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = bash.StandardOutput.ReadToEndAsync();
        var errors = bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, $"exit {bash.ExitCode}: {await errors}");
        return await output;
    }

    [Fact]
    public async Task SiloWithNoSettings_ServesHealthMetricsOpenApiReferenceAndDashboard_OnPort8080()
    {
        await using var silo = DotnetProcess.StartIn(_workingDirectory, "PresenceCluster.Silo", new Dictionary<string, string>());
        await silo.WaitForOutputAsync(DotnetProcess.SiloReady, Patience);

        Assert.Equal("Healthy", await _http.GetStringAsync(PresenceHttpPaths.Ready));
        var metrics = await _http.GetStringAsync(PresenceHttpPaths.Metrics);
        Assert.Contains("orleans_catalog_activations", metrics, StringComparison.Ordinal);
        Assert.Contains("presence_read_index_entries", metrics, StringComparison.Ordinal);
        Assert.Contains("\"openapi\"", await _http.GetStringAsync(PresenceHttpPaths.OpenApiDocument), StringComparison.Ordinal);
        Assert.Contains("<title>PresenceCluster API</title>", await _http.GetStringAsync(PresenceHttpPaths.ApiReference), StringComparison.Ordinal);
        Assert.Contains("<title>Orleans Dashboard</title>", await _http.GetStringAsync(PresenceHttpPaths.Dashboard), StringComparison.Ordinal);
        Assert.Contains("<title>PresenceCluster</title>", await _http.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains("ready: HTTP http://localhost:8080", silo.Output, StringComparison.Ordinal);

        // The README's curl session, as written: sign in, read Bob, become a session of Alice's, choose Busy, read.
        var lines = (await RunBashAsync(ReadmeBlocks.Get("curl", "bash"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"id\":\"bob@contoso.com\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"availability\":\"Offline\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"id\":\"alice@contoso.com\"", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"availability\":\"Busy\"", lines[1], StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_workingDirectory, "data", "presence.db")));

        await silo.StopAsync(Patience);
        Assert.True(silo.ExitCode == 0, silo.Output);
    }
}
