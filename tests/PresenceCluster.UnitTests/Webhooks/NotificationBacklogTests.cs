using PresenceCluster.Presence;
using PresenceCluster.Webhooks;

namespace PresenceCluster.UnitTests.Webhooks;

/// <summary>What a webhook receiver has not had yet: news only, one entry per user, nothing settled twice.</summary>
public sealed class NotificationBacklogTests
{
    private const string Bob = "sip:bob@contoso.com";
    private const string Carol = "sip:carol@contoso.com";
    private static readonly Dictionary<string, long> NothingDelivered = new(StringComparer.Ordinal);

    [Fact]
    public void Baseline_IsNotNews_ButAChangeAfterItIs()
    {
        var backlog = new NotificationBacklog();
        backlog.Baseline([View(Bob, 10, "Available")]);

        Assert.False(backlog.Offer(View(Bob, 10, "Available"), NothingDelivered));
        Assert.True(backlog.Offer(View(Bob, 11, "Busy"), NothingDelivered));
        Assert.Equal([new KeyValuePair<string, long>(Bob, 11)], backlog.Snapshot());
    }

    [Fact]
    public void NewerSequenceWithTheSameContent_IsNotNews()
    {
        // A renewal answers with the latest sequence number even when only another audience's view changed.
        var backlog = new NotificationBacklog();
        backlog.Baseline([View(Bob, 10, "Available")]);

        Assert.False(backlog.Offer(View(Bob, 12, "Available"), NothingDelivered));
        Assert.Equal(0, backlog.Count);
    }

    [Fact]
    public void OlderOrRepeatedViews_AreNotNews()
    {
        var backlog = new NotificationBacklog();
        Assert.True(backlog.Offer(View(Bob, 12, "Busy"), NothingDelivered));

        Assert.False(backlog.Offer(View(Bob, 11, "Away"), NothingDelivered));
        Assert.False(backlog.Offer(View(Bob, 12, "Busy"), NothingDelivered));
        Assert.Equal([new KeyValuePair<string, long>(Bob, 12)], backlog.Snapshot());
    }

    [Fact]
    public void WhatTheReceiverAlreadyAccepted_IsNotNews_AfterAResume()
    {
        var backlog = new NotificationBacklog();
        var delivered = new Dictionary<string, long>(StringComparer.Ordinal) { [Bob] = 20 };

        Assert.False(backlog.Offer(View(Bob, 20, "Busy"), delivered));
        Assert.True(backlog.Offer(View(Bob, 21, "Away"), delivered));
    }

    [Fact]
    public void ManyChangesOfOneUser_AreOneEntry_TheNewest()
    {
        var backlog = new NotificationBacklog();
        backlog.Offer(View(Bob, 1, "Busy"), NothingDelivered);
        backlog.Offer(View(Bob, 2, "Away"), NothingDelivered);
        backlog.Offer(View(Carol, 5, "Busy"), NothingDelivered);
        backlog.Offer(View(Bob, 3, "Available"), NothingDelivered);

        Assert.Equal(2, backlog.Count);
        Assert.Contains(new KeyValuePair<string, long>(Bob, 3), backlog.Snapshot());
    }

    [Fact]
    public void Settle_RemovesThePostedUsers_ButKeepsAChangeThatArrivedDuringThePost()
    {
        var backlog = new NotificationBacklog();
        backlog.Offer(View(Bob, 1, "Busy"), NothingDelivered);
        backlog.Offer(View(Carol, 5, "Busy"), NothingDelivered);
        var posted = backlog.Snapshot();
        backlog.Offer(View(Bob, 2, "Away"), NothingDelivered);

        var delivered = backlog.Settle(posted, NothingDelivered);

        Assert.Equal(1, delivered[Bob]);
        Assert.Equal(5, delivered[Carol]);
        Assert.Equal([new KeyValuePair<string, long>(Bob, 2)], backlog.Snapshot());
        Assert.Empty(NothingDelivered);
    }

    private static PresenceView View(string target, long sequence, string note) => new() { Target = target, Sequence = sequence, Note = note };
}
