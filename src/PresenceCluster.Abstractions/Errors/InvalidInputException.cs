namespace PresenceCluster.Errors;

/// <summary>An argument was malformed or out of range; the message says what was wrong and what is allowed.</summary>
[GenerateSerializer, Alias("PresenceCluster.InvalidInputException")]
public sealed class InvalidInputException : PresenceClusterException
{
    /// <summary>Creates the exception for <paramref name="parameter"/>.</summary>
    /// <param name="parameter">The argument that was wrong.</param>
    /// <param name="problem">What was wrong with it and what is allowed, without the argument's name.</param>
    public InvalidInputException(string parameter, string problem)
        : base($"{parameter} {problem}.")
    {
        Parameter = parameter;
    }

    /// <summary>The name of the argument that was wrong.</summary>
    [Id(0)]
    public string Parameter { get; }
}
