using System.Diagnostics;
using System.Globalization;

namespace PresenceCluster.LoadTest;

/// <summary>
/// The silo processes of a run: one (SQLite, localhost clustering), or <c>--silos N</c> in one cluster over a fresh
/// PostgreSQL database (membership and grain state shared, as in production).
/// </summary>
public sealed class SiloCluster : IAsyncDisposable
{
    private readonly LoadTestDatabase? _database;

    private SiloCluster(IReadOnlyList<SiloProcess> silos, LoadTestDatabase? database, string clusterId)
    {
        Silos = silos;
        _database = database;
        ClusterId = clusterId;
    }

    /// <summary>The cluster id the silos use (a client must name it).</summary>
    public string ClusterId { get; }

    /// <summary>The silo processes, the first started first.</summary>
    public IReadOnlyList<SiloProcess> Silos { get; }

    /// <summary>The first silo (its HTTP endpoint and data directory serve the single-silo scenarios).</summary>
    public SiloProcess First => Silos[0];

    /// <summary>Completes when any silo process ends.</summary>
    public Task Exited => Task.WhenAny(Silos.Select(silo => silo.Exited));

    /// <summary>What the silo that ended said.</summary>
    public string DescribeExit() => Silos.FirstOrDefault(silo => silo.Exited.IsCompleted)?.DescribeExit() ?? "no silo exited";

    /// <summary>Starts <paramref name="count"/> silos; <paramref name="settings"/> as for <see cref="SiloProcess.Start"/>.</summary>
    public static async Task<SiloCluster> StartAsync(LoadTestOptions options, int count, Func<Uri, IReadOnlyDictionary<string, string>>? settings, Action<string> progress)
    {
        if (count == 1)
        {
            return new SiloCluster([SiloProcess.Start(options.SiloAssembly, settings)], null, "presence");
        }

        var database = await LoadTestDatabase.CreateAsync(options.Postgres, progress);
        await InitDatabaseAsync(options.SiloAssembly, database.ConnectionString);
        var clusterId = $"loadtest-{Guid.NewGuid():N}"[..17];
        var silos = new List<SiloProcess>();
        for (var i = 0; i < count; i++)
        {
            silos.Add(SiloProcess.Start(options.SiloAssembly, http =>
            {
                var shared = new Dictionary<string, string>(settings?.Invoke(http) ?? new Dictionary<string, string>())
                {
                    ["Cluster__Provider"] = "PostgreSql",
                    ["Cluster__ClusterId"] = clusterId,
                    ["Storage__Provider"] = "PostgreSql",
                    ["ConnectionStrings__PostgreSql"] = database.ConnectionString,
                };
                return shared;
            }));
        }

        progress($"started {count} silo processes (pids {string.Join(", ", silos.Select(s => s.ProcessId))}) in cluster {clusterId} over PostgreSQL");
        return new SiloCluster(silos, database, clusterId);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private static async Task InitDatabaseAsync(string siloAssembly, string connectionString)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(siloAssembly);
        info.ArgumentList.Add("init-db");
        info.Environment["ConnectionStrings__PostgreSql"] = connectionString;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not run init-db.");
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"init-db failed with exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}: {await error}");
        }
    }
}
