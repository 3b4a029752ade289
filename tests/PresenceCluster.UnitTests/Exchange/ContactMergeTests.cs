using PresenceCluster.Contacts;
using PresenceCluster.Exchange.Contacts;
using PresenceCluster.Privacy;

namespace PresenceCluster.UnitTests.Exchange;

/// <summary>The same contact changed in the cluster and in the mailbox between two syncs: the documented field-by-field result.</summary>
public sealed class ContactMergeTests
{
    private static readonly Contact Basis = new() { Uri = "sip:bob@contoso.com", DisplayName = "Bob", GroupIds = [1], AccessLevel = AccessLevel.Colleagues };

    [Fact]
    public void DifferentFields_TakeEachSidesChange()
    {
        var merged = ContactMerge.Merge(Basis, Basis with { AccessLevel = AccessLevel.Blocked }, Basis with { DisplayName = "Robert", GroupIds = [1, 2] });

        Assert.Equal("Robert", merged.DisplayName);
        Assert.Equal(AccessLevel.Blocked, merged.AccessLevel);
        Assert.Equal([1, 2], merged.GroupIds);
    }

    [Fact]
    public void SameFieldChangedOnBothSides_TakesTheClusters()
    {
        var merged = ContactMerge.Merge(Basis, Basis with { DisplayName = "Bobby" }, Basis with { DisplayName = "Robert", IsFavourite = true });

        Assert.Equal("Bobby", merged.DisplayName);
        Assert.True(merged.IsFavourite);
    }

    [Fact]
    public void FieldClearedInTheMailbox_IsCleared_WhenTheClusterLeftItAlone()
    {
        var merged = ContactMerge.Merge(Basis, Basis, Basis with { AccessLevel = null, GroupIds = [] });

        Assert.Null(merged.AccessLevel);
        Assert.Empty(merged.GroupIds);
    }

    [Fact]
    public void GroupOrder_IsNoChange()
    {
        var twoGroups = Basis with { GroupIds = [1, 2] };

        var merged = ContactMerge.Merge(twoGroups, twoGroups with { GroupIds = [2, 1] }, twoGroups with { GroupIds = [2] });

        Assert.Equal([2], merged.GroupIds);
    }

    [Fact]
    public void WithoutABasis_TheClusterWins()
    {
        var merged = ContactMerge.Merge(null, Basis with { DisplayName = "Bobby" }, Basis with { DisplayName = "Robert" });

        Assert.Equal("Bobby", merged.DisplayName);
    }
}
