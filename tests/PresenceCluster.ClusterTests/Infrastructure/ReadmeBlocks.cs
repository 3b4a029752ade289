namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>The README's code blocks that tests run, each between <c>&lt;!-- name:begin --&gt;</c> and <c>&lt;!-- name:end --&gt;</c>.</summary>
public static class ReadmeBlocks
{
    /// <summary>The code of block <paramref name="name"/> (a fenced block in <paramref name="language"/>).</summary>
    public static string Get(string name, string language)
    {
        var readme = File.ReadAllText(Path.Combine(ProgramBuild.RepositoryRoot(), "README.md"));
        var opening = $"<!-- {name}:begin -->\n```{language}\n";
        var start = readme.IndexOf(opening, StringComparison.Ordinal);
        var end = readme.IndexOf($"```\n<!-- {name}:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"README.md lacks the {name} block.");
        return readme[(start + opening.Length)..end];
    }
}
