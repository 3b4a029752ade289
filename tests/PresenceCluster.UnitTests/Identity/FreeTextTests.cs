using PresenceCluster.Errors;
using PresenceCluster.Validation;

namespace PresenceCluster.UnitTests.Identity;

/// <summary>What free text may hold: each refused class of character by name, and the text that must stay allowed.</summary>
public sealed class FreeTextTests
{
    [Theory]
    [InlineData("Nul", "in\0side", "control character U+0000")]
    [InlineData("Escape", "\u001b[31mred", "control character U+001B")]
    [InlineData("Delete", "a\u007fb", "control character U+007F")]
    [InlineData("C1NextLine", "a\u0085b", "control character U+0085")]
    [InlineData("LineFeedInANote", "two\nlines", "control character U+000A")]
    [InlineData("Tab", "a\tb", "control character U+0009")]
    [InlineData("LeftToRightEmbedding", "a\u202Ab", "bidirectional formatting character U+202A")]
    [InlineData("RightToLeftOverride", "invoice\u202Egpj.exe", "bidirectional formatting character U+202E")]
    [InlineData("PopDirectionalFormatting", "a\u202Cb", "bidirectional formatting character U+202C")]
    [InlineData("LeftToRightIsolate", "a\u2066b", "bidirectional formatting character U+2066")]
    [InlineData("PopDirectionalIsolate", "a\u2069b", "bidirectional formatting character U+2069")]
    public void Problem_RefusedCharacter_IsNamed(string name, string text, string expected)
    {
        AssertRefused(name, text, expected);
    }

    // Built in code: a lone surrogate does not survive the test framework's UTF-8 round trip of inline data.
    [Theory]
    [InlineData("LoneHighSurrogate", "a", 0xD83D, "b")]
    [InlineData("LoneLowSurrogate", "a", 0xDE00, "b")]
    [InlineData("HighSurrogateAtTheEnd", "end", 0xD83D, "")]
    [InlineData("LowAtTheStart", "", 0xDE00, "b")]
    public void Problem_LoneSurrogate_IsNamed(string name, string before, int surrogate, string after)
    {
        AssertRefused(name, before + (char)surrogate + after, $"half a surrogate pair (U+{surrogate:X4})");
    }

    private static void AssertRefused(string name, string text, string expected)
    {
        var problem = FreeText.Problem(text);

        Assert.True(problem is not null && problem.Contains(expected, StringComparison.Ordinal), $"{name}: {problem}");
        Assert.Throws<InvalidInputException>(() => FreeText.ThrowIfInvalid("note", text));
    }

    [Theory]
    [InlineData("Plain", "In the lab until 5")]
    [InlineData("Accents", "Café déjà vu – à bientôt")]
    [InlineData("RightToLeftScript", "שלום עולם")]
    [InlineData("LeftToRightMark", "a\u200Eb")]
    [InlineData("EmojiSurrogatePair", "Shipping 🚀")]
    [InlineData("Cjk", "会議中です")]
    [InlineData("Empty", "")]
    public void Problem_OrdinaryText_IsNone(string name, string text)
    {
        Assert.True(FreeText.Problem(text) is null, name);
    }

    [Theory]
    [InlineData("I am out until Monday.\r\nFor urgent matters call Bob.\n\tThanks")]
    public void Problem_Multiline_AllowsLineBreaksAndTabs_ButNotOtherControls(string text)
    {
        Assert.Null(FreeText.Problem(text, multiline: true));
        Assert.NotNull(FreeText.Problem(text + "\0", multiline: true));
        Assert.NotNull(FreeText.Problem(text));
    }
}
