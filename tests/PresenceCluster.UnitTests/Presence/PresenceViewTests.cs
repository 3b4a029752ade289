using PresenceCluster.Presence;

namespace PresenceCluster.UnitTests.Presence;

public sealed class PresenceViewTests
{
    private static readonly PresenceView View = new() { Target = "sip:alice@contoso.com", Sequence = 1, Availability = 3500, Note = "n", NoteHistory = ["a", "b"] };

    [Fact]
    public void HasSameContentAs_OnlySequenceAndListInstanceDiffer_IsTrue()
    {
        Assert.True(View.HasSameContentAs(View with { Sequence = 9, NoteHistory = ["a", "b"] }));
    }

    [Theory]
    [InlineData("Availability")]
    [InlineData("Note")]
    [InlineData("NoteHistory")]
    [InlineData("NoteHistoryMissing")]
    public void HasSameContentAs_AnyFieldDiffers_IsFalse(string field)
    {
        var other = field switch
        {
            "Availability" => View with { Availability = 5000 },
            "Note" => View with { Note = "m" },
            "NoteHistory" => View with { NoteHistory = ["a", "c"] },
            _ => View with { NoteHistory = null },
        };

        Assert.False(View.HasSameContentAs(other));
        Assert.False(other.HasSameContentAs(View));
    }
}
