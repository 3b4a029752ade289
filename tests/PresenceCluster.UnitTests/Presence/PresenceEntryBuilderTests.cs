using PresenceCluster.Grains;
using PresenceCluster.Presence;
using PresenceCluster.Privacy;

namespace PresenceCluster.UnitTests.Presence;

/// <summary>The next index entry: a new number only for a visible change, validity ended by the next step; and whom to tell.</summary>
public sealed class PresenceEntryBuilderTests
{
    private const string Alice = "sip:alice@contoso.com";
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly PresenceTimings Timings = new(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
    private static readonly EndpointRecord Laptop = new() { Id = "pc", MachineState = MachineState.Active, MachineReportedAt = T0, LastHeartbeat = T0 };

    private static PresenceEntryBuilder.Computed Build(PresenceRecord record, DateTimeOffset now, PresenceCluster.Query.PresenceIndexEntry? previous, long last, bool force = false) =>
        PresenceEntryBuilder.Build(Alice, PrivacyPolicy.Default, record, [Laptop], now, Timings, TimeSpan.FromMinutes(5), previous, last, force);

    [Fact]
    public void FirstEntry_IsNumberedNext_AndValidUntilTheNextStep()
    {
        var first = Build(new PresenceRecord(), T0, null, 100);

        Assert.True(first.Changed);
        Assert.Equal(101, first.Entry.Sequence);
        Assert.Equal(T0.AddMinutes(5), first.NextChangeAt);
        Assert.Equal(T0.AddMinutes(5), first.Entry.ValidUntil);
    }

    [Fact]
    public void SameViews_KeepTheirNumber_UnlessANewOneIsForced_AndAVisibleChangeTakesTheNext()
    {
        var first = Build(new PresenceRecord(), T0, null, 100).Entry;

        var same = Build(new PresenceRecord(), T0.AddMinutes(1), first, 101);
        var forced = Build(new PresenceRecord(), T0.AddMinutes(1), first, 101, force: true);
        var noted = Build(new PresenceRecord { Note = "Writing" }, T0.AddMinutes(1), first, 101);

        Assert.False(same.Changed);
        Assert.Equal(101, same.Entry.Sequence);
        Assert.Same(first.Views, same.Entry.Views);
        Assert.True(forced.Changed);
        Assert.Equal(102, forced.Entry.Sequence);
        Assert.True(noted.Changed);
        Assert.Equal("Writing", noted.Entry.Views[(int)ViewAudience.Colleagues].Note);
    }

    [Fact]
    public void ChangesFor_TellsOnlyWatchersWhoseViewChanged_AndRemembersWhatWasSent()
    {
        var registry = new SubscriberRegistry();
        var first = Build(new PresenceRecord(), T0, null, 100).Entry;
        var colleague = registry.Upsert("sip:bob@contoso.com", default, null!, ViewAudience.Colleagues, T0.AddMinutes(10));
        colleague.LastSent = first.Views[(int)ViewAudience.Colleagues];
        var external = registry.Upsert("sip:erin@fabrikam.com", default, null!, ViewAudience.External, T0.AddMinutes(10));
        external.LastSent = first.Views[(int)ViewAudience.External];

        // A note is seen by colleagues, not by external users.
        var noted = Build(new PresenceRecord { Note = "Writing" }, T0.AddMinutes(1), first, 101).Entry;
        var changes = registry.ChangesFor(noted, audiencesChanged: false, T0.AddMinutes(1), _ => ViewAudience.Blocked);
        var again = registry.ChangesFor(noted, audiencesChanged: false, T0.AddMinutes(1), _ => ViewAudience.Blocked);

        Assert.Equal(["sip:bob@contoso.com"], changes.Select(c => c.Subscriber.Watcher));
        Assert.Equal("Writing", changes[0].View.Note);
        Assert.Empty(again);
    }
}
