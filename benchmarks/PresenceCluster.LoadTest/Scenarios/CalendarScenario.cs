using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using PresenceCluster.Client;
using PresenceCluster.ExchangeEmulator;
using PresenceCluster.Grains;
using PresenceCluster.Identity;
using PresenceCluster.Presence;

namespace PresenceCluster.LoadTest.Scenarios;

/// <summary>
/// The mailbox connector at scale: N online users whose mailboxes live in the Exchange emulator (Graph backend), the
/// silo polling every minute for a few minutes, with calendar change notifications to its HTTP route. Reports Exchange
/// requests per user per hour, the lag between a meeting's start or end and the watchers' notification of it (the
/// grain switches at the boundary by itself), and the lag from a meeting added in a mailbox (Graph notifies the
/// silo) to the watchers' notification.
/// </summary>
public static class CalendarScenario
{
    /// <summary>The silo settings that point the connector at <paramref name="exchange"/>.</summary>
    public static Dictionary<string, string> SiloSettings(ExchangeEmulator.ExchangeEmulator exchange, Uri siloHttp) => new()
    {
        ["Exchange__Backend"] = "Graph",
        ["Exchange__Graph__BaseUrl"] = exchange.GraphBaseUrl.ToString(),
        ["Exchange__Graph__NotificationUrl"] = new Uri(siloHttp, "exchange/graph/notifications").ToString(),
        ["Exchange__PollInterval"] = "00:01:00",
        ["Exchange__RequestsPerMinute"] = "120000",
        ["OAuth__CloudTokenServer__TokenEndpoint"] = exchange.TokenEndpoint.ToString(),
        ["OAuth__CloudTokenServer__ClientId"] = exchange.ClientId,
    };

    public sealed record class Result(
        int Users, double Minutes, long Requests, double RequestsPerUserPerHour, int MeetingsWatched,
        Measurement StartLag, Measurement EndLag, long MissedBoundaries, ChangeLine Changes, ExchangeConnectorStatusLine Status);

    /// <summary>Meetings added while the run went on, which reach presence through Graph's change notifications.</summary>
    public sealed record class ChangeLine(
        int SubscriptionsCreated, int FailedValidations, int NotificationsDelivered, int NotificationsFailed, int Watched, Measurement Lag, int Missed);

    /// <summary>What the silo's connector said at the end.</summary>
    public sealed record class ExchangeConnectorStatusLine(long Successes, long Failures, int MailboxesLastRound, long OverBudget, int Subscribed, long ChangedCalendarsRead, string? LastError);

    public static async Task<Result> RunAsync(PresenceClusterClient client, ExchangeEmulator.ExchangeEmulator exchange, string siloDataDirectory, LoadTestOptions options, Action<string> progress)
    {
        // The application the emulator's tenant trusts is the silo: its generated token-issuer certificate.
        exchange.ApplicationCertificate = await LoadSiloCertificateAsync(Path.Combine(siloDataDirectory, "token-issuer.pfx"));
        var users = Enumerable.Range(0, options.CalendarUsers).Select(i => SipUri.Parse($"sip:cal{i}@contoso.com")).ToArray();

        // One user in ten has a one-minute meeting starting after the first poll; a watcher follows up to 200 of them.
        var meetingStart = DateTimeOffset.UtcNow.AddSeconds(100);
        var meetingEnd = meetingStart.AddMinutes(1);
        var withMeeting = users.Where((_, i) => i % 10 == 0).ToArray();

        // Another one in ten gets a meeting added to their mailbox (happening now) once every mailbox is subscribed.
        var changing = users.Where((_, i) => i % 10 == 5).Take(200).ToArray();
        foreach (var user in users)
        {
            exchange.Mailbox(user.Address).Add(new EmulatedEvent(DateTimeOffset.UtcNow.AddHours(3), DateTimeOffset.UtcNow.AddHours(4), "busy", "Later"));
        }

        foreach (var user in withMeeting)
        {
            exchange.Mailbox(user.Address).Add(new EmulatedEvent(meetingStart, meetingEnd, "busy", "Stand-up"));
        }

        progress($"calendar: signing in {users.Length:N0} users with mailboxes in the emulator");
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (user, cancellation) =>
            await client.PublishEndpointAsync(user, new EndpointPublication { EndpointId = "pc", DeviceClass = DeviceClass.Computer, Lifetime = TimeSpan.FromHours(4) }, cancellation));

        var watched = withMeeting.Take(200).ToArray();
        var started = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var ended = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var changedAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var changeSeen = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var changingTargets = changing.Select(user => user.Value).ToHashSet(StringComparer.Ordinal);
        await using var subscription = await client.SubscribeAsync(SipUri.Parse("sip:calendar-watcher@contoso.com"), [.. watched, .. changing]);
        subscription.Changed += view =>
        {
            var at = Stopwatch.GetTimestamp();
            if (changingTargets.Contains(view.Target))
            {
                if (view.Activity == ActivityToken.InAMeeting && changedAt.ContainsKey(view.Target))
                {
                    changeSeen.TryAdd(view.Target, at);
                }
            }
            else if (view.Activity == ActivityToken.InAMeeting)
            {
                started.TryAdd(view.Target, at);
            }
            else if (started.ContainsKey(view.Target))
            {
                ended.TryAdd(view.Target, at);
            }
        };

        var requestsBefore = exchange.Requests;
        var clock = Stopwatch.StartNew();
        var duration = TimeSpan.FromMinutes(options.CalendarMinutes);
        var startTimestamp = Stopwatch.GetTimestamp() + (long)((meetingStart - DateTimeOffset.UtcNow).TotalSeconds * Stopwatch.Frequency);
        var endTimestamp = startTimestamp + (long)(60 * Stopwatch.Frequency);
        progress($"calendar: the connector polls every minute for {options.CalendarMinutes} minutes; {withMeeting.Length:N0} meetings start at {meetingStart:HH:mm:ss}Z");
        var changesMade = false;
        while (clock.Elapsed < duration)
        {
            await Task.Delay(TimeSpan.FromSeconds(15));
            progress($"  calendar: {exchange.Requests - requestsBefore:N0} requests to Exchange, {exchange.Subscriptions.Created:N0} mailboxes subscribed, {started.Count} of {watched.Length} watched meetings seen starting, {ended.Count} ending, {changeSeen.Count} of {changing.Length} added meetings seen");
            if (!changesMade && exchange.Subscriptions.Created >= users.Length)
            {
                // Every mailbox is subscribed (the first round did it): meetings added now reach presence through Graph's notifications.
                changesMade = true;
                foreach (var user in changing)
                {
                    changedAt[user.Value] = Stopwatch.GetTimestamp();
                    exchange.Mailbox(user.Address).Add(new EmulatedEvent(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(30), "busy", "Called in"));
                }
            }
        }

        await exchange.Subscriptions.DeliveredAsync();

        var elapsed = clock.Elapsed;
        var requests = exchange.Requests - requestsBefore;
        var status = await client.ClusterClient.GetGrain<IExchangeStatusGrain>((await client.ClusterClient.GetGrain<IClusterStatusGrain>(0).GetActiveSilosAsync())[0]).GetStatusAsync();
        return new Result(
            users.Length,
            elapsed.TotalMinutes,
            requests,
            requests / (double)users.Length / elapsed.TotalHours,
            watched.Length,
            Lag("meeting start", started.Values, startTimestamp, elapsed),
            Lag("meeting end", ended.Values, endTimestamp, elapsed),
            (watched.Length - started.Count) + (watched.Length - ended.Count),
            new ChangeLine(
                exchange.Subscriptions.Created, exchange.Subscriptions.FailedValidations, exchange.Subscriptions.Delivered, exchange.Subscriptions.FailedDeliveries,
                changing.Length, ChangeLag(changedAt, changeSeen, elapsed), changing.Length - changeSeen.Count),
            new ExchangeConnectorStatusLine(status.Successes, status.Failures, status.MailboxesLastRound, status.OverBudget, status.CalendarSubscriptions, status.ChangedCalendarsRead, status.LastError));
    }

    /// <summary>The silo writes its certificate while it starts; the gateway may answer before the file is complete.</summary>
    internal static async Task<X509Certificate2> LoadSiloCertificateAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return X509CertificateLoader.LoadPkcs12FromFile(path, null);
            }
            catch (Exception exception) when (attempt < 60 && exception is IOException or System.Security.Cryptography.CryptographicException)
            {
                await Task.Delay(500);
            }
        }
    }

    private static Measurement ChangeLag(ConcurrentDictionary<string, long> changedAt, ConcurrentDictionary<string, long> seenAt, TimeSpan elapsed)
    {
        var histogram = Measurement.NewHistogram();
        foreach (var (target, at) in seenAt)
        {
            histogram.RecordValue(Math.Max(0, at - changedAt[target]));
        }

        return Measurement.From("meeting added", seenAt.Count, seenAt.Count, elapsed, histogram);
    }

    private static Measurement Lag(string name, ICollection<long> seenAt, long boundary, TimeSpan elapsed)
    {
        var histogram = Measurement.NewHistogram();
        foreach (var at in seenAt)
        {
            histogram.RecordValue(Math.Max(0, at - boundary));
        }

        return Measurement.From(name, seenAt.Count, seenAt.Count, elapsed, histogram);
    }
}
