using System.Globalization;

namespace PresenceCluster.LoadTest;

/// <summary>The harness's options; each has a default and a <c>--name value</c> switch (see <see cref="Usage"/>).</summary>
public sealed class LoadTestOptions
{
    public const string Usage = """
        PresenceCluster load test: starts a silo on loopback (or joins one), seeds users, runs scenarios.

          --scenarios LIST      query,notify,density,capacity,calendar,scaleout,contacts (default: query,notify,density)
          --silo spawn|PORT     start a silo process (default) or use the local silo with this gateway port
          --silos N             start N silo processes in one cluster over PostgreSQL (default 1: one silo, SQLite)
          --postgres auto|CONN  the PostgreSQL server for --silos above 1 (default auto: PRESENCE_TEST_POSTGRES, or a
                                throwaway server from deploy/postgres/test-server.sh); a fresh database per run
          --http URL            the joined silo's HTTP endpoint, for the HTTP variants (default http://localhost:8080/;
                                its rate limits must allow the load: RateLimit:Window=00:00:01, *Requests=1000000)
          --users N             users seeded for query and notify (default 10000)
          --contacts N          contacts on each user's list, some with explicit access levels (default 5)
          --batch N             targets per batch query (default 100)
          --callers N           concurrent callers (default 32)
          --duration SECONDS    measuring time per query variant and for notify (default 10)
          --redis auto|skip     compare with redis-server MGET if it is installed (default auto)
          --notify-users N      users published to in notify (default 200)
          --watchers N          subscribed watchers per user in notify (default 5)
          --rate N              publications per second in notify (default 200)
          --density-users N     users activated in density (default 100000)
          --capacity-start N    online users in capacity's first step; each step doubles them (default 50000)
          --capacity-max N      largest step tried (default 3200000)
          --capacity-memory-gb N  stop once the silo's working set passes this (default 16)
          --capacity-model M    polling (default), full (subscriptions at sign-in, offline half of each list, sign-in
                                churn) or both (the two ramps side by side in one run)
          --calendar-users N    calendar: online users with mailboxes in the Exchange emulator (default 10000)
          --calendar-minutes N  calendar: how long the connector runs, polling every minute (default 3)
          --scaleout-users N    scaleout: online users spread over the silos (default 40000)
          --contacts-users N    contacts: users whose lists move into their mailboxes, one after the other (default 3)
          --contacts-per-list N contacts: contacts on each of those lists (default 1000)
          --contacts-backend B  contacts: graph (default) or ews, the emulator's face the silo's connector uses
          --contacts-write-ms N contacts: how long the emulator takes for each item write, as a remote Exchange would
                                (default 0)
          --output FILE         JSON result file (default loadtest-result.json)
          --help                this text

        query measures the SDK (project) and the HTTP API (http: getPresencesByUserId) side by side; notify the SDK's
        subscriptions (notify: every change, in order) and the HTTP events stream (notify-sse: ends on the latest).

        Exit codes: 0 done, 1 a notification was missing or out of order, 2 bad options, 3 the silo process died.
        """;

    /// <summary>The silo program a spawned silo runs: the one built beside the harness (tests point it at the silo's own build).</summary>
    public string SiloAssembly { get; set; } = Path.Combine(AppContext.BaseDirectory, "PresenceCluster.Silo.dll");

    public string[] Scenarios { get; set; } = ["query", "notify", "density"];

    public string Silo { get; set; } = "spawn";

    public int Silos { get; set; } = 1;

    public string Postgres { get; set; } = "auto";

    public int ScaleOutUsers { get; set; } = 40_000;

    public Uri Http { get; set; } = new("http://localhost:8080/");

    public int Users { get; set; } = 10_000;

    public int Contacts { get; set; } = 5;

    public int Batch { get; set; } = 100;

    public int Callers { get; set; } = 32;

    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(10);

    public string Redis { get; set; } = "auto";

    public int NotifyUsers { get; set; } = 200;

    public int Watchers { get; set; } = 5;

    public int Rate { get; set; } = 200;

    public int DensityUsers { get; set; } = 100_000;

    public int CapacityStart { get; set; } = 50_000;

    public int CapacityMax { get; set; } = 3_200_000;

    public int CapacityMemoryGigabytes { get; set; } = 16;

    public string CapacityModel { get; set; } = "polling";

    public int CalendarUsers { get; set; } = 10_000;

    public int CalendarMinutes { get; set; } = 3;

    public int ContactsUsers { get; set; } = 3;

    public int ContactsPerList { get; set; } = 1000;

    public string ContactsBackend { get; set; } = "graph";

    public int ContactsWriteMilliseconds { get; set; }

    public string Output { get; set; } = "loadtest-result.json";

    /// <summary>Whether a scenario needs the Exchange emulator (and a silo configured for it).</summary>
    public bool UsesExchange => Scenarios.Contains("calendar") || Scenarios.Contains("contacts");

    /// <summary>Parses the command line; throws <see cref="ArgumentException"/> naming a bad switch.</summary>
    public static LoadTestOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadTestOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Number() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"{name} needs a positive whole number.");
            switch (name)
            {
                case "--scenarios": options.Scenarios = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--silo": options.Silo = Value(); break;
                case "--silos": options.Silos = Number(); break;
                case "--postgres": options.Postgres = Value(); break;
                case "--scaleout-users": options.ScaleOutUsers = Number(); break;
                case "--http": options.Http = Uri.TryCreate(Value(), UriKind.Absolute, out var http) ? http : throw new ArgumentException("--http needs an absolute URL."); break;
                case "--users": options.Users = Number(); break;
                case "--contacts": options.Contacts = Number(); break;
                case "--batch": options.Batch = Math.Min(Number(), 1000); break;
                case "--callers": options.Callers = Number(); break;
                case "--duration": options.Duration = TimeSpan.FromSeconds(Number()); break;
                case "--redis": options.Redis = Value(); break;
                case "--notify-users": options.NotifyUsers = Number(); break;
                case "--watchers": options.Watchers = Number(); break;
                case "--rate": options.Rate = Number(); break;
                case "--density-users": options.DensityUsers = Number(); break;
                case "--capacity-start": options.CapacityStart = Number(); break;
                case "--capacity-max": options.CapacityMax = Number(); break;
                case "--capacity-memory-gb": options.CapacityMemoryGigabytes = Number(); break;
                case "--capacity-model": options.CapacityModel = Value() is var model && model is "polling" or "full" or "both" ? model : throw new ArgumentException("--capacity-model takes polling, full or both."); break;
                case "--calendar-users": options.CalendarUsers = Number(); break;
                case "--calendar-minutes": options.CalendarMinutes = Number(); break;
                case "--contacts-users": options.ContactsUsers = Number(); break;
                case "--contacts-per-list": options.ContactsPerList = Math.Min(Number(), 1000); break;
                case "--contacts-backend": options.ContactsBackend = Value() is var backend && backend is "graph" or "ews" ? backend : throw new ArgumentException("--contacts-backend takes graph or ews."); break;
                case "--contacts-write-ms": options.ContactsWriteMilliseconds = Number(); break;
                case "--output": options.Output = Value(); break;
                default: throw new ArgumentException($"Unknown option {name}; --help lists them.");
            }
        }

        foreach (var scenario in options.Scenarios)
        {
            if (scenario is not ("query" or "notify" or "density" or "capacity" or "calendar" or "scaleout" or "contacts"))
            {
                throw new ArgumentException($"Unknown scenario '{scenario}'; choose from query, notify, density, capacity, calendar, scaleout, contacts.");
            }
        }

        if (options.UsesExchange && options.Silo != "spawn")
        {
            throw new ArgumentException("The calendar and contacts scenarios configure the silo they start (its Exchange backend is the emulator): use them with --silo spawn.");
        }

        if (options.Scenarios.Contains("calendar") && options.Scenarios.Contains("contacts") && options.ContactsBackend == "ews")
        {
            throw new ArgumentException("The calendar scenario reads through Graph: run contacts with --contacts-backend ews on its own.");
        }

        if (options.Silos > 1 && options.Silo != "spawn")
        {
            throw new ArgumentException("--silos starts the silos itself: use it with --silo spawn.");
        }

        if (options.Silos > 16)
        {
            throw new ArgumentException("--silos takes 1 to 16.");
        }

        if (options.Redis is not ("auto" or "skip"))
        {
            throw new ArgumentException("--redis takes auto or skip.");
        }

        return options;
    }
}
