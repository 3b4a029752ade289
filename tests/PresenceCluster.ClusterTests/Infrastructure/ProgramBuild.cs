namespace PresenceCluster.ClusterTests.Infrastructure;

/// <summary>
/// Where a program of the solution was built, so tests run it from its own output directory: the test's directory
/// merges every reference's assemblies against the test host's frameworks, which is not how the program ships.
/// </summary>
public static class ProgramBuild
{
    private static readonly Dictionary<string, string> Projects = new(StringComparer.Ordinal)
    {
        ["PresenceCluster.Silo"] = "src/PresenceCluster.Silo",
        ["presencectl"] = "src/PresenceCluster.Cli",
        ["PresenceCluster.QuickStart"] = "samples/PresenceCluster.QuickStart",
        ["PresenceCluster.GraphQuickStart"] = "samples/PresenceCluster.GraphQuickStart",
    };

    /// <summary>The path of <paramref name="assemblyName"/>.dll in its project's output for this test run's configuration.</summary>
    public static string PathOf(string assemblyName)
    {
        // The test runs from tests/<project>/bin/<Configuration>/<framework>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var path = Path.Combine(RepositoryRoot(), Projects[assemblyName], "bin", configuration, framework, assemblyName + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{assemblyName} is not built at {path}; build the solution first.", path);
    }

    /// <summary>The directory holding PresenceCluster.sln.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PresenceCluster.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("PresenceCluster.sln not found above the test directory.");
    }
}
