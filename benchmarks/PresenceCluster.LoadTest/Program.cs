using PresenceCluster.LoadTest;

if (args.Contains("--help"))
{
    Console.WriteLine(LoadTestOptions.Usage);
    return 0;
}

LoadTestOptions options;
try
{
    options = LoadTestOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"loadtest: {error.Message}");
    return 2;
}

LoadTestReport report;
try
{
    report = await LoadTestRunner.RunAsync(options, line => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}"));
}
catch (InvalidOperationException error)
{
    // The silo died under the run (for example out of memory at a large step): say so rather than hang or dump a trace.
    Console.Error.WriteLine($"loadtest: {error.Message}");
    return 3;
}

Console.WriteLine();
Console.WriteLine(report.ToTable());
await report.WriteJsonAsync(options.Output);
Console.WriteLine($"results written to {Path.GetFullPath(options.Output)}");
return report.Notify is { Correct: false } || report.NotifyEvents is { Correct: false } ? 1 : 0;
