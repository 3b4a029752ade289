using PresenceCluster.Presence;
using PresenceCluster.Privacy;
using PresenceCluster.Query;

namespace PresenceCluster.UnitTests.Query;

public sealed class PresenceReadIndexTests
{
    private const string Alice = "sip:alice@contoso.com";
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static PresenceIndexEntry Entry(long sequence, int validMinutes, int availability = LyncAvailability.Available, string target = Alice)
    {
        var views = PrivacyFilter.Audiences
            .Select(_ => new PresenceView { Target = target, Sequence = sequence, Availability = availability })
            .ToArray();
        return new PresenceIndexEntry(target, sequence, views, PrivacyPolicy.Default, T0.AddMinutes(validMinutes));
    }

    [Fact]
    public void OverCapacity_TheEntriesThatLapseSoonestAreEvicted_DownToNinetyPercent()
    {
        var index = new PresenceReadIndex(capacity: 1_000);

        for (var i = 0; i < 1_001; i++)
        {
            index.Apply(Entry(1, 10 + i, target: $"sip:user{i}@contoso.com"), T0);
        }

        Assert.Equal(900, index.Count);
        Assert.Null(index.Find("sip:user0@contoso.com", T0));
        Assert.Null(index.Find("sip:user100@contoso.com", T0));
        Assert.NotNull(index.Find("sip:user101@contoso.com", T0));
        Assert.NotNull(index.Find("sip:user1000@contoso.com", T0));
    }

    [Fact]
    public void LiveMarks_AreSetByLivePublications_ClearedByTheLastEntry_AndOutliveEviction_NotOwnership()
    {
        var index = new PresenceReadIndex(capacity: 10);
        const string Bob = "sip:bob@contoso.com";

        index.ApplyLive(Entry(5, 10), T0);
        index.Apply(Entry(1, 10, target: Bob), T0);
        var aliceLive = index.IsLive(Alice);
        var bobLive = index.IsLive(Bob);
        for (var i = 0; i < 20; i++)
        {
            index.Apply(Entry(1, 100 + i, target: $"sip:user{i}@contoso.com"), T0);
        }

        var liveAfterEviction = index.IsLive(Alice);
        index.Retire(Entry(6, 200, LyncAvailability.Offline), T0);
        var retired = (index.IsLive(Alice), index.Find(Alice, T0)?.Sequence);
        index.ApplyLive(Entry(7, 10), T0);
        index.Sweep(T0, user => user != Alice);

        Assert.True(aliceLive);
        Assert.False(bobLive);
        Assert.True(liveAfterEviction);
        Assert.Equal((false, 6L), retired);
        Assert.False(index.IsLive(Alice));
        Assert.Equal(0, index.LiveCount);
    }

    [Fact]
    public void Sweep_RemovesLapsedEntries_AndThoseNotKept_LeavingTheRest()
    {
        var index = new PresenceReadIndex();
        index.Apply(Entry(1, 10, target: Alice), T0);
        index.Apply(Entry(1, 2, target: "sip:bob@contoso.com"), T0);
        index.Apply(Entry(1, 10, target: "sip:carol@contoso.com"), T0);

        var removed = index.Sweep(T0.AddMinutes(5), user => user != "sip:carol@contoso.com");

        Assert.Equal(2, removed);
        Assert.Equal(1, index.Count);
        Assert.NotNull(index.Find(Alice, T0.AddMinutes(5)));
    }

    [Fact]
    public void Apply_OlderSequence_IsIgnored()
    {
        var index = new PresenceReadIndex();
        index.Apply(Entry(5, 10), T0);

        index.Apply(Entry(4, 20), T0);

        Assert.Equal(5, index.Find(Alice, T0)!.Sequence);
    }

    [Fact]
    public void Apply_SameSequenceWithEarlierValidUntil_Wins()
    {
        var index = new PresenceReadIndex();
        index.Apply(Entry(5, 10), T0);

        index.Apply(Entry(5, 3), T0);
        index.Apply(Entry(5, 10), T0);

        Assert.Equal(T0.AddMinutes(3), index.Find(Alice, T0)!.ValidUntil);
    }

    [Fact]
    public void Apply_SameSequenceAfterTheHeldCopyLapsed_Replaces()
    {
        var index = new PresenceReadIndex();
        index.Apply(Entry(5, 3), T0);

        index.Apply(Entry(5, 10), T0.AddMinutes(4));

        Assert.Equal(T0.AddMinutes(10), index.Find(Alice, T0.AddMinutes(4))!.ValidUntil);
    }

    [Fact]
    public void Find_LapsedEntry_IsNotServed()
    {
        var index = new PresenceReadIndex();
        index.Apply(Entry(5, 3), T0);

        Assert.NotNull(index.Find(Alice, T0.AddMinutes(2)));
        Assert.Null(index.Find(Alice, T0.AddMinutes(3)));
        Assert.Null(index.Find("sip:bob@contoso.com", T0));
    }

    [Fact]
    public void ViewFor_PicksTheWatchersAudience()
    {
        var views = PrivacyFilter.Audiences.Select(a => new PresenceView { Target = Alice, Sequence = 1, Availability = (int)a }).ToArray();
        var policy = new PrivacyPolicy(new Dictionary<string, AccessLevel?> { ["sip:carol@fabrikam.com"] = AccessLevel.Blocked }, privacyMode: false, version: 1);
        var entry = new PresenceIndexEntry(Alice, 1, views, policy, T0);

        Assert.Equal((int)ViewAudience.Colleagues, entry.ViewFor("sip:bob@contoso.com").Availability);
        Assert.Equal((int)ViewAudience.Blocked, entry.ViewFor("sip:carol@fabrikam.com").Availability);
        Assert.Equal((int)ViewAudience.External, entry.ViewFor("sip:dave@fabrikam.com").Availability);
        Assert.Equal((int)ViewAudience.Self, entry.ViewFor(Alice).Availability);
    }
}
