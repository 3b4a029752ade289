using PresenceCluster.Query;

namespace PresenceCluster.UnitTests.Query;

/// <summary>Rendezvous hashing of users over silos: balanced shares, the same answer everywhere, little movement.</summary>
public sealed class IndexPartitionTests
{
    private static readonly string[] FourSilos = ["S10.0.0.1:11111:1", "S10.0.0.2:11111:1", "S10.0.0.3:11111:1", "S10.0.0.4:11111:1"];
    private static readonly string[] Users = [.. Enumerable.Range(0, 400_000).Select(i => $"sip:user{i}@contoso.com")];

    [Fact]
    public void FourSilos_EachOwnAQuarterOfTheUsers_WithinTwoPercent()
    {
        var partition = new IndexPartition(FourSilos);

        var shares = Users.GroupBy(user => partition.OwnerOf(user)).ToDictionary(group => group.Key!, group => group.Count());

        Assert.Equal(FourSilos.Order(StringComparer.Ordinal), shares.Keys.Order(StringComparer.Ordinal));
        Assert.All(shares.Values, count => Assert.InRange(count / (double)Users.Length, 0.23, 0.27));
    }

    [Fact]
    public void EverySilo_ComputesTheSameOwner_WhateverOrderItListsTheMembersIn()
    {
        var one = new IndexPartition(FourSilos);
        var other = new IndexPartition(FourSilos.Reverse().Concat(FourSilos.Take(1)));

        Assert.All(Users.Take(10_000), user => Assert.Equal(one.OwnerOf(user), other.OwnerOf(user)));
    }

    [Fact]
    public void ASiloJoining_TakesAboutAFifth_AndNoUserMovesBetweenTheOthers()
    {
        var before = new IndexPartition(FourSilos);
        var after = new IndexPartition([.. FourSilos, "S10.0.0.5:11111:1"]);

        var moved = Users.Where(user => before.OwnerOf(user) != after.OwnerOf(user)).ToList();

        Assert.All(moved, user => Assert.Equal("S10.0.0.5:11111:1", after.OwnerOf(user)));
        Assert.InRange(moved.Count / (double)Users.Length, 0.18, 0.22);
    }

    [Fact]
    public void ASiloLeaving_GivesOnlyItsOwnUsersAway()
    {
        var before = new IndexPartition(FourSilos);
        var after = new IndexPartition(FourSilos.Skip(1));

        var moved = Users.Take(50_000).Where(user => before.OwnerOf(user) != after.OwnerOf(user));

        Assert.All(moved, user => Assert.Equal(FourSilos[0], before.OwnerOf(user)));
    }

    [Fact]
    public void NoSilos_OwnNothing_AndOneSiloOwnsEverything()
    {
        Assert.Null(new IndexPartition([]).OwnerOf("sip:alice@contoso.com"));
        Assert.Equal(FourSilos[2], new IndexPartition([FourSilos[2]]).OwnerOf("sip:alice@contoso.com"));
    }

    [Fact]
    public void Hash_IsStableAcrossProcesses()
    {
        // FNV-1a's published test value for "a" (as one UTF-16 code unit, the same as its one byte).
        Assert.Equal(0xaf63dc4c8601ec8cUL, IndexPartition.Hash("a"));
    }
}
