using System.Diagnostics;
using System.Text;

namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>
/// A real process running one of the solution's programs (<c>dotnet Program.dll</c> from the program's own build
/// output, see <see cref="ProgramBuild"/>), with its output captured. Disposing kills it if it still runs.
/// </summary>
public sealed class DotnetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private int _disposed;

    private DotnetProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>What the process wrote to standard error alone.</summary>
    public string Errors
    {
        get
        {
            lock (_output)
            {
                return _errors.ToString();
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    public bool HasExited => _process.HasExited;

    public static DotnetProcess Start(string assemblyName, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        StartIn(null, assemblyName, environment, arguments);

    /// <summary>Starts the program in <paramref name="workingDirectory"/> (default: its build output).</summary>
    public static DotnetProcess StartIn(string? workingDirectory, string assemblyName, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var program = ProgramBuild.PathOf(assemblyName);
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(program)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var started = new DotnetProcess(process);
        process.OutputDataReceived += (_, e) => started.Append(e.Data);
        process.ErrorDataReceived += (_, e) => started.Append(e.Data, error: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>What a silo process logs once it serves (its ready line).</summary>
    public const string SiloReady = " ready: HTTP ";

    /// <summary>The HTTP address a silo process named in its ready line, with a trailing slash.</summary>
    public Uri SiloHttpAddress =>
        System.Text.RegularExpressions.Regex.Match(Output, @"ready: HTTP (?<url>http://\S+?)[ ,]") is { Success: true } ready
            ? new Uri(ready.Groups["url"].Value + "/")
            : throw new InvalidOperationException($"The process has not logged its ready line; its output:{Environment.NewLine}{Output}");

    /// <summary>
    /// Starts the silo program on free ports (its gateway on <paramref name="gatewayPort"/>, HTTP on any free port)
    /// over the SQLite store in <paramref name="dataDirectory"/>, with <paramref name="settings"/> on top.
    /// </summary>
    public static DotnetProcess StartSilo(string dataDirectory, int gatewayPort, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Cluster__SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Http__Port"] = "0",
            ["Storage__Sqlite__DataDirectory"] = dataDirectory,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return Start("PresenceCluster.Silo", environment);
    }

    /// <summary>Waits until the process has written <paramref name="text"/>; fails if it exits or <paramref name="patience"/> runs out first.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan patience)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The process did not write '{text}' (exited: {_process.HasExited}); its output:{Environment.NewLine}{Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the process to end by itself.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
    }

    /// <summary>Asks the process to stop as an operator would (SIGTERM) and waits for it to end.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await WaitForExitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line, bool error = false)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (error)
            {
                _errors.AppendLine(line);
            }
        }
    }
}
