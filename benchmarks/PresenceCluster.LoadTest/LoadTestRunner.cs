using PresenceCluster.Client;
using PresenceCluster.LoadTest.Scenarios;

namespace PresenceCluster.LoadTest;

/// <summary>Starts or joins a silo, seeds, runs the chosen scenarios and reports.</summary>
public static class LoadTestRunner
{
    /// <summary>The silo settings of the Exchange scenarios: the contacts scenario's when it runs (Graph or EWS), else the calendar's.</summary>
    private static Dictionary<string, string> ExchangeSettings(LoadTestOptions options, ExchangeEmulator.ExchangeEmulator exchange, Uri http) =>
        options.Scenarios.Contains("contacts") ? ContactsScenario.SiloSettings(exchange, http, options.ContactsBackend) : CalendarScenario.SiloSettings(exchange, http);

    public static async Task<LoadTestReport> RunAsync(LoadTestOptions options, Action<string> progress)
    {
        // The Exchange scenarios' mailboxes exist before the silo starts, which is configured to use them.
        await using var exchange = options.UsesExchange ? await ExchangeEmulator.ExchangeEmulator.StartAsync() : null;
        await using var cluster = options.Silo == "spawn"
            ? await SiloCluster.StartAsync(options, options.Silos, exchange is null ? null : http => ExchangeSettings(options, exchange, http), progress)
            : null;
        var silo = cluster?.First;
        var port = silo?.GatewayPort ?? int.Parse(options.Silo, System.Globalization.CultureInfo.InvariantCulture);
        progress(silo is null ? $"joining the silo at 127.0.0.1:{port}" : $"started a silo process (pid {silo.ProcessId}) with gateway 127.0.0.1:{port}");
        var clientOptions = new PresenceClientOptions { LocalGatewayPort = port, ConnectTimeout = TimeSpan.FromSeconds(60), ClusterId = cluster?.ClusterId ?? "presence" };
        foreach (var member in options.Silos > 1 ? cluster!.Silos : [])
        {
            clientOptions.Gateways.Add($"127.0.0.1:{member.GatewayPort}");
        }

        await using var client = await PresenceClusterClient.ConnectAsync(clientOptions);
        if (cluster is not null)
        {
            await WaitForSilosAsync(client, cluster, options.Silos, progress);
        }

        using var http = new GraphHttp(silo?.HttpAddress ?? options.Http, options.Callers);
        var work = RunScenariosAsync(client, http, options, progress, exchange, silo?.DataDirectory);
        if (cluster is not null && await Task.WhenAny(work, cluster.Exited) != work)
        {
            throw new InvalidOperationException($"The run stopped: {cluster.DescribeExit()}");
        }

        return await work;
    }

    /// <summary>Every silo started must be an active member before anything is measured.</summary>
    private static async Task WaitForSilosAsync(PresenceClusterClient client, SiloCluster cluster, int silos, Action<string> progress)
    {
        var status = client.ClusterClient.GetGrain<PresenceCluster.Grains.IClusterStatusGrain>(0);
        for (var attempt = 0; (await status.GetActiveSilosAsync()).Length < silos; attempt++)
        {
            if (attempt == 600 || cluster.Exited.IsCompleted)
            {
                throw new InvalidOperationException($"Only {(await status.GetActiveSilosAsync()).Length} of {silos} silos became active: {cluster.DescribeExit()}");
            }

            await Task.Delay(100);
        }

        progress($"{silos} silos active");
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
            // The events stream names its users in the URL: a thousand addresses do not fit Kestrel's request line.
            if (options.NotifyUsers <= NotifyScenario.MaxEventsStreamUsers)
            {
                report.NotifyEvents = await NotifyScenario.RunEventsAsync(client, http, options, progress);
            }
            else
            {
                progress($"notify-sse skipped: the events stream's URL holds at most {NotifyScenario.MaxEventsStreamUsers} users");
            }
        }

        if (options.Scenarios.Contains("density"))
        {
            report.Density = await DensityScenario.RunAsync(client, options, progress);
        }

        if (exchange is not null && siloDataDirectory is not null && options.Scenarios.Contains("calendar"))
        {
            report.Calendar = await CalendarScenario.RunAsync(client, exchange, siloDataDirectory, options, progress);
        }

        if (exchange is not null && siloDataDirectory is not null && options.Scenarios.Contains("contacts"))
        {
            report.Contacts = await ContactsScenario.RunAsync(client, exchange, siloDataDirectory, options, progress);
        }

        if (options.Scenarios.Contains("scaleout"))
        {
            report.ScaleOut = await ScaleOutScenario.RunAsync(client, options, progress);
        }

        if (options.Scenarios.Contains("capacity"))
        {
            // The full model first: it signs its users out when done, while the polling ramp leaves its users online.
            if (options.CapacityModel is "full" or "both")
            {
                report.CapacityFull = await CapacityScenario.RunFullAsync(client, options, progress);
            }

            if (options.CapacityModel is "polling" or "both")
            {
                report.Capacity = await CapacityScenario.RunAsync(client, options, progress);
            }
        }

        return report;
    }
}
