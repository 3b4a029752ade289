using System.Diagnostics;
using System.Globalization;

namespace PresenceCluster.LoadTest;

/// <summary>A redis-server on loopback for the comparison (Debian's package; benchmarks/install-redis.sh installs it).</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly string[] Locations = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Whether redis-server is installed where the harness looks for it.</summary>
    public static bool IsInstalled => Locations.Any(File.Exists);

    /// <summary>Starts redis-server without persistence on a free loopback port; null if it is not installed.</summary>
    public static async Task<RedisServer?> StartAsync()
    {
        var binary = Locations.FirstOrDefault(File.Exists);
        if (binary is null)
        {
            return null;
        }

        var port = SiloProcess.FreePort();
        var info = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        return new RedisServer(process, port);
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
