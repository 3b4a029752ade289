using PresenceCluster.Client;
using PresenceCluster.LoadTest.Scenarios;

namespace PresenceCluster.LoadTest;

/// <summary>Starts or joins a silo, seeds, runs the chosen scenarios and reports.</summary>
public static class LoadTestRunner
{
    public static async Task<LoadTestReport> RunAsync(LoadTestOptions options, Action<string> progress)
    {
        // The calendar scenario's mailboxes exist before the silo starts, which is configured to read them.
        await using var exchange = options.Scenarios.Contains("calendar") ? await ExchangeEmulator.ExchangeEmulator.StartAsync() : null;
        await using var silo = options.Silo == "spawn" ? SiloProcess.Start(options.SiloAssembly, exchange is null ? null : http => CalendarScenario.SiloSettings(exchange, http)) : null;
        var port = silo?.GatewayPort ?? int.Parse(options.Silo, System.Globalization.CultureInfo.InvariantCulture);
        progress(silo is null ? $"joining the silo at 127.0.0.1:{port}" : $"started a silo process (pid {silo.ProcessId}) with gateway 127.0.0.1:{port}");
        await using var client = await PresenceClusterClient.ConnectAsync(new PresenceClientOptions { LocalGatewayPort = port, ConnectTimeout = TimeSpan.FromSeconds(60) });
        using var http = new GraphHttp(silo?.HttpAddress ?? options.Http, options.Callers);
        var work = RunScenariosAsync(client, http, options, progress, exchange, silo?.DataDirectory);
        if (silo is not null && await Task.WhenAny(work, silo.Exited) != work)
        {
            throw new InvalidOperationException($"The run stopped: {silo.DescribeExit()}");
        }

        return await work;
    }

    private static async Task<LoadTestReport> RunScenariosAsync(
        PresenceClusterClient client, GraphHttp http, LoadTestOptions options, Action<string> progress, ExchangeEmulator.ExchangeEmulator? exchange, string? siloDataDirectory)
    {
        var report = new LoadTestReport();
        if (options.Scenarios.Contains("query"))
        {
            var population = new Population(options.Users, options.Batch);
            progress($"seeding {options.Users:N0} users with {options.Contacts} contacts each");
            await population.SeedAsync(client, options.Contacts, progress);
            report.Query.AddRange(await QueryScenario.RunAsync(client, http, population, options, progress));
        }

        if (options.Scenarios.Contains("notify"))
        {
            report.Notify = await NotifyScenario.RunAsync(client, options, progress);
            report.NotifyEvents = await NotifyScenario.RunEventsAsync(client, http, options, progress);
        }

        if (options.Scenarios.Contains("density"))
        {
            report.Density = await DensityScenario.RunAsync(client, options, progress);
        }

        if (exchange is not null && siloDataDirectory is not null)
        {
            report.Calendar = await CalendarScenario.RunAsync(client, exchange, siloDataDirectory, options, progress);
        }

        if (options.Scenarios.Contains("capacity"))
        {
            report.Capacity = await CapacityScenario.RunAsync(client, options, progress);
        }

        return report;
    }
}
