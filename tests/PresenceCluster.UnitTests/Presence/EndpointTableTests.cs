using PresenceCluster.Errors;
using PresenceCluster.Presence;

namespace PresenceCluster.UnitTests.Presence;

/// <summary>The endpoint table's rules, apart from the grain: limit, expiry, idle times kept, unknown ids refused.</summary>
public sealed class EndpointTableTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Publish_BeyondTheLimit_IsRefused_ButReplacingAnEndpointIsNot()
    {
        var table = new EndpointTable(maxEndpoints: 2, TimeSpan.FromMinutes(10));
        table.Publish(new EndpointPublication { EndpointId = "a" }, T0);
        table.Publish(new EndpointPublication { EndpointId = "b" }, T0);

        table.Publish(new EndpointPublication { EndpointId = "a", MachineState = MachineState.Away }, T0.AddMinutes(1));
        Assert.Throws<LimitReachedException>(() => table.Publish(new EndpointPublication { EndpointId = "c" }, T0.AddMinutes(1)));
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void RepeatedIdleReport_KeepsItsFirstTime_SoDecayIsNotRestarted()
    {
        var table = new EndpointTable(8, TimeSpan.FromMinutes(10));
        table.Publish(new EndpointPublication { EndpointId = "a", MachineState = MachineState.Inactive }, T0);

        var again = table.Publish(new EndpointPublication { EndpointId = "a", MachineState = MachineState.Inactive }, T0.AddMinutes(3));
        var active = table.Publish(new EndpointPublication { EndpointId = "a", MachineState = MachineState.Active }, T0.AddMinutes(4));

        Assert.Equal(T0, again.MachineReportedAt);
        Assert.Equal(T0.AddMinutes(3), again.LastHeartbeat);
        Assert.Equal(T0.AddMinutes(4), active.MachineReportedAt);
    }

    [Fact]
    public void Endpoints_ExpireATimeoutAfterTheirLastHeartbeat_OrTheirOwnLifetime()
    {
        var table = new EndpointTable(8, TimeSpan.FromMinutes(10));
        table.Publish(new EndpointPublication { EndpointId = "pc" }, T0);
        table.Publish(new EndpointPublication { EndpointId = "session", Lifetime = TimeSpan.FromMinutes(5) }, T0);

        Assert.Equal(["session"], table.RemoveExpired(T0.AddMinutes(5)));
        table.Heartbeat("pc", T0.AddMinutes(8));
        Assert.Empty(table.RemoveExpired(T0.AddMinutes(17)));
        Assert.Equal(["pc"], table.RemoveExpired(T0.AddMinutes(18)));
        Assert.Throws<NotFoundException>(() => table.Heartbeat("pc", T0.AddMinutes(18)));
        Assert.Throws<NotFoundException>(() => table.Remove("nothing", T0));
    }

    [Fact]
    public void PresenceRecordEdits_AReplacedNoteGoesToTheFrontOfTheHistory_WhichKeepsItsLength()
    {
        var current = new PresenceRecord { Note = "old", NoteHistory = ["older", "oldest"] };

        var replaced = PresenceRecordEdits.WithNote(current, "new", historyLength: 2)!;
        var cleared = PresenceRecordEdits.WithNote(current, string.Empty, historyLength: 2)!;
        var first = PresenceRecordEdits.WithNote(new PresenceRecord(), "first", historyLength: 2)!;

        Assert.Equal("new", replaced.Note);
        Assert.Equal(["old", "older"], replaced.NoteHistory);
        Assert.Null(cleared.Note);
        Assert.Equal(["old", "older"], cleared.NoteHistory);
        Assert.Equal("first", first.Note);
        Assert.Empty(first.NoteHistory);
    }

    [Fact]
    public void PresenceRecordEdits_TheSameNote_ChangesNothing() =>
        Assert.Null(PresenceRecordEdits.WithNote(new PresenceRecord { Note = "same" }, "same", 3));
}
