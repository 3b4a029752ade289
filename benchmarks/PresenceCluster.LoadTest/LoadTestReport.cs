using System.Globalization;
using System.Text;
using System.Text.Json;
using PresenceCluster.LoadTest.Scenarios;

namespace PresenceCluster.LoadTest;

/// <summary>Everything one run measured: printed as a table and written as JSON.</summary>
public sealed class LoadTestReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public List<Measurement> Query { get; } = [];

    public NotifyScenario.Result? Notify { get; set; }

    /// <summary>The notify scenario over the HTTP API's events stream.</summary>
    public NotifyScenario.Result? NotifyEvents { get; set; }

    public DensityScenario.Result? Density { get; set; }

    public CapacityScenario.Result? Capacity { get; set; }

    public CapacityScenario.Result? CapacityFull { get; set; }

    public CalendarScenario.Result? Calendar { get; set; }

    public ContactsScenario.Result? Contacts { get; set; }

    public ScaleOutScenario.Result? ScaleOut { get; set; }

    public double? Ratio(string over) =>
        Query.FirstOrDefault(m => m.Name == "project") is { } project && Query.FirstOrDefault(m => m.Name == over) is { ItemsPerSecond: > 0 } other
            ? project.ItemsPerSecond / other.ItemsPerSecond
            : null;

    public string ToTable()
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        if (Query.Count > 0)
        {
            text.AppendLine(culture, $"{"query",-10} {"lookups/s",14} {"batches",10} {"p50 ms",8} {"p99 ms",8} {"p99.9 ms",9}");
            foreach (var m in Query)
            {
                text.AppendLine(culture, $"{m.Name,-10} {m.ItemsPerSecond,14:N0} {m.Operations,10:N0} {m.P50Ms,8:F2} {m.P99Ms,8:F2} {m.P999Ms,9:F2}");
            }

            foreach (var other in new[] { "http", "naive", "redis", "limit" })
            {
                if (Ratio(other) is { } ratio)
                {
                    text.AppendLine(culture, $"project / {other} = {ratio:F2}x");
                }
            }
        }

        foreach (var notify in new[] { Notify, NotifyEvents }.OfType<NotifyScenario.Result>())
        {
            var m = notify.Measurement;
            var promise = $"{notify.Expected - notify.Delivered:N0} intermediate skipped, {notify.EndedOnLatest} of {notify.Pairs} ended on the latest, {notify.OutOfOrder} out of order";
            text.AppendLine(culture, $"{m.Name}: {m.ItemsPerSecond:N0} notifications/s ({notify.Delivered:N0} of {notify.Expected:N0} delivered, {promise}); publish->notify p50 {m.P50Ms:F2} ms, p99 {m.P99Ms:F2} ms, p99.9 {m.P999Ms:F2} ms");
        }

        if (Notify is { } sdk && NotifyEvents is { Measurement.ItemsPerSecond: > 0 } events)
        {
            text.AppendLine(culture, $"notify / notify-sse = {sdk.Measurement.ItemsPerSecond / events.Measurement.ItemsPerSecond:F2}x");
        }

        if (Density is { } density)
        {
            text.AppendLine(culture, $"density: {density.Users:N0} users signed in: managed heap {density.HeapBytesPerUser:N0} B/user ({density.Before.ManagedHeapBytes / 1e6:N0} -> {density.After.ManagedHeapBytes / 1e6:N0} MB), working set {density.WorkingSetBytesPerUser:N0} B/user ({density.Before.WorkingSetBytes / 1e6:N0} -> {density.After.WorkingSetBytes / 1e6:N0} MB), activations {density.Before.ActiveGrains:N0} -> {density.After.ActiveGrains:N0}");
            text.AppendLine(culture, $"density: {density.Users:N0} users never signed in, queried: managed heap {density.HeapBytesPerOfflineUser:N0} B/user, working set {density.WorkingSetBytesPerOfflineUser:N0} B/user, activations {density.After.ActiveGrains:N0} -> {density.AfterOffline.ActiveGrains:N0}; offline / online heap = {density.HeapBytesPerOfflineUser / density.HeapBytesPerUser:F2}x");
        }

        if (Calendar is { } calendar)
        {
            text.AppendLine(culture, $"calendar: {calendar.Users:N0} users, {calendar.Minutes:F1} min polling every minute: {calendar.Requests:N0} requests to Exchange = {calendar.RequestsPerUserPerHour:F1} per user per hour at this interval");
            text.AppendLine(culture, $"calendar: lag from a meeting's boundary to the watcher's notification ({calendar.MeetingsWatched} meetings): start p50 {calendar.StartLag.P50Ms:F1} ms, p99 {calendar.StartLag.P99Ms:F1} ms; end p50 {calendar.EndLag.P50Ms:F1} ms, p99 {calendar.EndLag.P99Ms:F1} ms; boundaries missed {calendar.MissedBoundaries}");
            text.AppendLine(culture, $"calendar: change notifications: {calendar.Changes.SubscriptionsCreated:N0} mailboxes subscribed ({calendar.Changes.FailedValidations} failed validations), {calendar.Changes.NotificationsDelivered:N0} notifications delivered, {calendar.Changes.NotificationsFailed} failed; a meeting added in Outlook to the watcher's notification ({calendar.Changes.Watched} meetings): p50 {calendar.Changes.Lag.P50Ms:F0} ms, p99 {calendar.Changes.Lag.P99Ms:F0} ms; not seen {calendar.Changes.Missed}");
            text.AppendLine(culture, $"calendar: connector {calendar.Status.Successes:N0} requests ok, {calendar.Status.Failures:N0} failed, {calendar.Status.MailboxesLastRound:N0} mailboxes in its last round, {calendar.Status.Subscribed:N0} subscribed, {calendar.Status.ChangedCalendarsRead:N0} calendars read on notification, {calendar.Status.OverBudget} over budget{(calendar.Status.LastError is { } error ? $", last error: {error}" : string.Empty)}");
        }

        if (Contacts is { } contacts)
        {
            text.AppendLine(culture, $"contacts ({contacts.Backend}, {contacts.WriteMilliseconds} ms per item write): migration of a {contacts.ContactsPerList:N0}-contact list, each: {string.Join("; ", contacts.Migrations.Select(m => $"{m.Milliseconds:N0} ms, {m.Requests:N0} requests ({m.Writes:N0} writes)"))}; median {contacts.MedianMilliseconds:N0} ms; duplicate items {contacts.DuplicateItems}");
            text.AppendLine(culture, $"contacts ({contacts.Backend}): a sync that finds nothing {contacts.UnchangedSyncRequests} requests; an edit through the cluster is in the mailbox after {contacts.ClusterEditToMailboxMilliseconds:N0} ms; a sync reading one Outlook edit {contacts.OutlookEditSyncRequests} requests, {contacts.OutlookEditSyncMilliseconds:N0} ms");
        }

        if (ScaleOut is { } scaleOut)
        {
            text.AppendLine(culture, $"scaleout: {scaleOut.Silos} silos, {scaleOut.Users:N0} online users; per publication {scaleOut.MessagesPerPublication:F2} network messages ({scaleOut.Publications:N0} publications), per new entry {scaleOut.IndexUpdatesPerPublication:F2} index updates ({scaleOut.EntryChanges:N0} new entries, decay included); per batch query of {scaleOut.Queries.Items / Math.Max(scaleOut.Queries.Operations, 1)} {scaleOut.MessagesPerBatchQuery:F2} network messages, {scaleOut.OwnerRequestsPerBatchQuery:F2} requests to owning silos ({scaleOut.BatchQueries:N0} queries, {scaleOut.Queries.ItemsPerSecond:N0} lookups/s shared cores, p99 {scaleOut.Queries.P99Ms:F1} ms); largest index share {scaleOut.LargestIndexShare:P1}");
            text.AppendLine(culture, $"{"silo",-28} {"entries",8} {"share",7} {"heap MB",8} {"WS MB",7} {"msgs pub",9} {"msgs query",10} {"idx upd",8} {"owner req",9}");
            foreach (var line in scaleOut.PerSilo)
            {
                text.AppendLine(culture, $"{line.Silo,-28} {line.IndexEntries,8:N0} {line.IndexShare,7:P1} {line.HeapBytes / 1e6,8:N0} {line.WorkingSetBytes / 1e6,7:N0} {line.MessagesPublishing,9:N0} {line.MessagesQuerying,10:N0} {line.IndexUpdates,8:N0} {line.OwnerRequests,9:N0}");
            }
        }

        foreach (var capacity in new[] { Capacity, CapacityFull }.OfType<CapacityScenario.Result>())
        {
            var full = capacity.Model == CapacityScenario.UserModel.Full;
            text.AppendLine(culture, $"{(full ? "full model" : "capacity"),-10} {"users",10} {"polls/s",9} {"pubs/s",8} {"p50 ms",8} {"p99 ms",8} {"WS GB",6} {"GCs",5} {"GC ms",7} {"mean",6} {"gen2",5}{(full ? $" {"subs",8} {"notified",9} {"churned",8}" : string.Empty)}");
            foreach (var step in capacity.Steps)
            {
                text.AppendLine(culture, $"{(step.Within ? "carried" : "over"),-10} {step.Users,10:N0} {step.PollsPerSecond,9:N0} {step.PublicationsPerSecond,8:N0} {step.Polls.P50Ms,8:F2} {step.Polls.P99Ms,8:F2} {step.Memory.WorkingSetBytes / 1e9,6:F1} {step.GcCollections,5} {step.GcPause.TotalMilliseconds,7:N0} {step.GcPause.TotalMilliseconds / Math.Max(step.GcCollections, 1),6:F1} {step.Gen2Collections,5}{(full ? $" {step.Subscriptions,8:N0} {step.Notifications,9:N0} {step.Churned,8:N0}" : string.Empty)}");
            }

            text.AppendLine(culture, $"capacity: one silo carries {capacity.CarriedUsers:N0} users under the Lync 2013 {(full ? "full model (subscriptions, offline contacts, sign-in churn)" : "polling model")} (p99 <= 50 ms)");
        }

        if (Capacity is { CarriedUsers: > 0 } polling && CapacityFull is { } fullModel)
        {
            text.AppendLine(culture, $"capacity: full model / polling model = {fullModel.CarriedUsers / (double)polling.CarriedUsers:F2}x");
        }

        return text.ToString();
    }

    public Task WriteJsonAsync(string path) =>
        File.WriteAllTextAsync(path, JsonSerializer.Serialize(new
        {
            Query,
            Ratios = new { Http = Ratio("http"), Naive = Ratio("naive"), Redis = Ratio("redis"), Limit = Ratio("limit") },
            Notify,
            NotifyEvents,
            Density = Density is null ? null : new { Density.Users, Density.Before, Density.After, Density.AfterOffline, Density.HeapBytesPerUser, Density.WorkingSetBytesPerUser, Density.HeapBytesPerOfflineUser, Density.WorkingSetBytesPerOfflineUser },
            Capacity = Capacity is null ? null : new { Capacity.CarriedUsers, Capacity.Steps },
            CapacityFull = CapacityFull is null ? null : new { CapacityFull.CarriedUsers, CapacityFull.Steps },
            ScaleOut,
            Calendar,
            Contacts,
        }, Indented));
}
