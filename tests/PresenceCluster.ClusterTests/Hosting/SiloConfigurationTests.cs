using System.Globalization;
using PresenceCluster.ClusterTests.Infrastructure;

namespace PresenceCluster.ClusterTests.Hosting;

/// <summary>
/// The silo program refuses to start the way an operator needs: a bad setting, an unusable key file, a database or
/// port already taken — one line on standard error that names the problem, and exit code 2, no stack trace.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SiloConfigurationTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _dataDirectory = PresenceTestCluster.NewDataDirectory();

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    public static TheoryData<string, string, string, string> BadSettings => new()
    {
        { "HttpPortOutOfRange", "Http__Port", "70000", "Http:Port is 70000" },
        { "HttpPortNotANumber", "Http__Port", "eighty", "'eighty' at 'Http:Port'" },
        { "HttpListenAddressNotAnAddress", "Http__ListenAddress", "anywhere", "Http:ListenAddress 'anywhere' is not an IP address" },
        { "GatewayListenAddressNotAnAddress", "Cluster__GatewayListenAddress", "everywhere", "Cluster:GatewayListenAddress 'everywhere' is not an IP address" },
        { "ProbeTimeoutTooShort", "Cluster__ProbeTimeout", "00:00:00.100", "Cluster:ProbeTimeout is 00:00:00.1000000" },
        { "DevSignInOnBeyondLoopback", "Auth__Users__DevSignIn", "On", "Auth:Users:DevSignIn is On, but HTTP listens beyond loopback" },
        { "OtlpEndpointNotHttp", "Telemetry__OtlpEndpoint", "ftp://collector:4317", "Telemetry:OtlpEndpoint 'ftp://collector:4317/' must be an absolute http or https URL" },
        { "TokenLifetimeTooLong", "OAuth__TokenLifetime", "2.00:00:00", "OAuth:TokenLifetime is 2.00:00:00" },
        { "AppOnlyLevelBlocked", "OAuth__AppOnlyAccessLevel", "Blocked", "OAuth:AppOnlyAccessLevel is Blocked" },
        { "CloudEndpointPlainHttp", "OAuth__CloudTokenServer__TokenEndpoint", "http://login.example.com/token", "OAuth:CloudTokenServer:TokenEndpoint 'http://login.example.com/token' must be an absolute https URL" },
        { "MissingCertificateFile", "OAuth__CertificatePath", "/nonexistent/issuer.pfx", "The token-issuer certificate file '/nonexistent/issuer.pfx' does not exist" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task BadSetting_StopsTheSilo_WithOneLineNamingIt_AndExitCode2(string name, string key, string value, string message)
    {
        var settings = Settings();
        settings[key] = value;
        if (name == "DevSignInOnBeyondLoopback")
        {
            settings["Http__ListenAddress"] = "0.0.0.0";
        }

        await using var silo = DotnetProcess.Start("PresenceCluster.Silo", settings);
        await silo.WaitForExitAsync(Patience);

        AssertRefused(silo, message, name);
    }

    [Fact]
    public async Task WorldReadableKeyFile_StopsTheSilo_WithTheChmodToRun()
    {
        var settings = Settings();
        await using (var first = DotnetProcess.Start("PresenceCluster.Silo", settings))
        {
            await first.WaitForOutputAsync(DotnetProcess.SiloReady, Patience);
            await first.StopAsync(Patience);
        }

        var key = Path.Combine(_dataDirectory, "token-issuer.pfx");
        File.SetUnixFileMode(key, File.GetUnixFileMode(key) | UnixFileMode.OtherRead);
        await using var silo = DotnetProcess.Start("PresenceCluster.Silo", settings);
        await silo.WaitForExitAsync(Patience);

        AssertRefused(silo, $"restrict it with: chmod 600 '{key}'", "key file");
    }

    [Fact]
    public async Task SecondSilo_OnTheSameDatabase_StopsAtOnce_AndTheFirstKeepsServing()
    {
        var settings = Settings();
        await using var first = DotnetProcess.Start("PresenceCluster.Silo", settings);
        await first.WaitForOutputAsync(DotnetProcess.SiloReady, Patience);

        var other = Settings();
        other["Storage__Sqlite__DataDirectory"] = settings["Storage__Sqlite__DataDirectory"];
        await using var second = DotnetProcess.Start("PresenceCluster.Silo", other);
        await second.WaitForExitAsync(Patience);

        AssertRefused(second, "is in use by another silo process", "same database");
        Assert.Contains("ready", first.Output, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => first.ExitCode);
    }

    [Fact]
    public async Task SecondSilo_OnTheSamePorts_StopsAtOnce()
    {
        var settings = Settings();
        await using var first = DotnetProcess.Start("PresenceCluster.Silo", settings);
        await first.WaitForOutputAsync(DotnetProcess.SiloReady, Patience);

        foreach (var port in new[] { "Cluster__SiloPort", "Cluster__GatewayPort", "Http__Port" })
        {
            var other = Settings();
            other[port] = settings[port];
            await using var second = DotnetProcess.Start("PresenceCluster.Silo", other);
            await second.WaitForExitAsync(Patience);

            AssertRefused(second, "already in use", port);
        }
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ["Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ["Http__Port"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ["Storage__Sqlite__DataDirectory"] = Directory.CreateDirectory(Path.Combine(_dataDirectory, Guid.NewGuid().ToString("N"))).FullName,
        ["Sip__DefaultDomain"] = "contoso.com",
        ["OAuth__HostName"] = "presence.test",
        ["OAuth__DataDirectory"] = _dataDirectory,
    };

    private static void AssertRefused(DotnetProcess silo, string message, string because)
    {
        Assert.True(silo.ExitCode == 2, $"{because}: exit code {silo.ExitCode}; output: {silo.Output}");
        var line = Assert.Single(silo.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("PresenceCluster.Silo did not start: ", line, StringComparison.Ordinal);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Output, StringComparison.Ordinal);
    }
}
