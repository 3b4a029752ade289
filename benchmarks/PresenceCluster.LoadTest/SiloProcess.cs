using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PresenceCluster.LoadTest;

/// <summary>A silo in a process of its own on loopback, so the client's and the wire's costs are real.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private const int OutputLinesKept = 40;
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly Queue<string> _lastOutput = new();

    private SiloProcess(Process process, int gatewayPort, int httpPort, string dataDirectory)
    {
        _process = process;
        GatewayPort = gatewayPort;
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}/");
        _dataDirectory = dataDirectory;
        Exited = process.WaitForExitAsync();
    }

    /// <summary>Completes if the silo process ends; the run must not wait forever on a dead silo.</summary>
    public Task Exited { get; }

    /// <summary>The process's exit code and its last lines of output, for the message when it died.</summary>
    public string DescribeExit()
    {
        lock (_lastOutput)
        {
            return $"the silo process exited with code {_process.ExitCode}; its last output:{Environment.NewLine}{string.Join(Environment.NewLine, _lastOutput)}";
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastOutput)
        {
            _lastOutput.Enqueue(line);
            if (_lastOutput.Count > OutputLinesKept)
            {
                _lastOutput.Dequeue();
            }
        }
    }

    public int GatewayPort { get; }

    /// <summary>The silo's HTTP endpoint (the Graph-compatible API).</summary>
    public Uri HttpAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>The silo's SQLite data directory (where it keeps its generated token-issuer certificate).</summary>
    public string DataDirectory => _dataDirectory;

    /// <summary>Starts a silo; <paramref name="settings"/> adds configuration, given the silo's HTTP address (for URLs that must point back at it).</summary>
    public static SiloProcess Start(string siloAssembly, Func<Uri, IReadOnlyDictionary<string, string>>? settings = null)
    {
        var gatewayPort = FreePort();
        var siloPort = FreePort();
        var dataDirectory = Directory.CreateTempSubdirectory("presence-loadtest-").FullName;
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(siloAssembly);
        info.Environment["Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["Storage__Sqlite__DataDirectory"] = dataDirectory;

        // A free port of its own: several harness silos (and the tests' silos) run side by side.
        var httpPort = FreePort();
        info.Environment["Http__Port"] = httpPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["Http__ListenAddress"] = "127.0.0.1";

        // The HTTP variants measure the API, not its per-caller budgets: every budget as large as configuration allows.
        info.Environment["RateLimit__Window"] = "00:00:01";
        info.Environment["RateLimit__UserRequests"] = "1000000";
        info.Environment["RateLimit__AnonymousRequests"] = "1000000";
        info.Environment["RateLimit__AddressRequests"] = "1000000";
        info.Environment["RateLimit__NotificationRequests"] = "1000000";

        // Seeding writes tens of thousands of rows; the measured paths do not touch storage at all.
        info.Environment["Storage__Sqlite__Synchronous"] = "Normal";

        // Entries must not lapse in the middle of a measurement: a lapse would be a fetch, not a lookup.
        info.Environment["Presence__IndexEntryMaxAge"] = "01:00:00";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["DOTNET_gcServer"] = "1";
        foreach (var (key, value) in settings?.Invoke(new Uri($"http://127.0.0.1:{httpPort}/")) ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the silo process.");
        var silo = new SiloProcess(process, gatewayPort, httpPort, dataDirectory);
        process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
