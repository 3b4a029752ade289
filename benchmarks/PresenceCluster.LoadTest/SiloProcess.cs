using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PresenceCluster.LoadTest;

/// <summary>A silo in a process of its own on loopback, so the client's and the wire's costs are real.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;

    private SiloProcess(Process process, int gatewayPort, string dataDirectory)
    {
        _process = process;
        GatewayPort = gatewayPort;
        _dataDirectory = dataDirectory;
    }

    public int GatewayPort { get; }

    public int ProcessId => _process.Id;

    public static SiloProcess Start(string siloAssembly)
    {
        var gatewayPort = FreePort();
        var siloPort = FreePort();
        var dataDirectory = Directory.CreateTempSubdirectory("presence-loadtest-").FullName;
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(siloAssembly);
        info.Environment["Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["Storage__Sqlite__DataDirectory"] = dataDirectory;

        // Seeding writes tens of thousands of rows; the measured paths do not touch storage at all.
        info.Environment["Storage__Sqlite__Synchronous"] = "Normal";

        // Entries must not lapse in the middle of a measurement: a lapse would be a fetch, not a lookup.
        info.Environment["Presence__IndexEntryMaxAge"] = "01:00:00";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["DOTNET_gcServer"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the silo process.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new SiloProcess(process, gatewayPort, dataDirectory);
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
