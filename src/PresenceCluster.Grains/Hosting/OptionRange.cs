namespace PresenceCluster.Hosting;

/// <summary>The range check every options validator makes, with one message shape naming the setting.</summary>
public static class OptionRange
{
    /// <summary>Adds a failure to <paramref name="failures"/> unless <paramref name="value"/> is within [min, max].</summary>
    public static void Check<T>(List<string> failures, string section, string name, T value, T min, T max)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
        {
            failures.Add($"{section}:{name} is {value}; it must be between {min} and {max}.");
        }
    }
}
