using PresenceCluster.Contacts;

namespace PresenceCluster.Exchange.Contacts;

/// <summary>
/// The merge when the same contact changed in the cluster and in the mailbox between two syncs, field by field against
/// the last state both agreed on (the base): a field changed on one side only takes that side's value; a field both
/// changed takes the cluster's (the edit being written now). A removal on one side and an edit on the other keep the
/// contact, edited: nothing a user typed is lost. Pure.
/// </summary>
public static class ContactMerge
{
    /// <summary>The merged contact; <paramref name="basis"/> null (both sides made it) counts as nothing agreed.</summary>
    public static Contact Merge(Contact? basis, Contact cluster, Contact mailbox) => cluster with
    {
        DisplayName = Pick(basis, cluster, mailbox, c => c.DisplayName, EqualityComparer<string?>.Default),
        AccessLevel = Pick(basis, cluster, mailbox, c => c.AccessLevel, EqualityComparer<Privacy.AccessLevel?>.Default),
        Tags = Pick(basis, cluster, mailbox, c => c.Tags, EqualityComparer<ContactTags>.Default),
        IsFavourite = Pick(basis, cluster, mailbox, c => c.IsFavourite, EqualityComparer<bool>.Default),
        GroupIds = Pick(basis, cluster, mailbox, c => c.GroupIds, GroupsComparer.Instance),
    };

    private static T Pick<T>(Contact? basis, Contact cluster, Contact mailbox, Func<Contact, T> field, IEqualityComparer<T> comparer)
    {
        var (ours, theirs) = (field(cluster), field(mailbox));
        var clusterChanged = basis is null || !comparer.Equals(ours, field(basis));
        return comparer.Equals(ours, theirs) || clusterChanged ? ours : theirs;
    }

    /// <summary>Group ids as a set.</summary>
    private sealed class GroupsComparer : IEqualityComparer<IReadOnlyList<int>>
    {
        public static GroupsComparer Instance { get; } = new();

        public bool Equals(IReadOnlyList<int>? x, IReadOnlyList<int>? y) => x is not null && y is not null && x.Order().SequenceEqual(y.Order());

        public int GetHashCode(IReadOnlyList<int> obj) => obj.Count;
    }
}
