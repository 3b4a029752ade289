using BenchmarkDotNet.Running;

// Runs the micro benchmarks of the hot path: `dotnet run -c Release --project benchmarks/PresenceCluster.Benchmarks -- --filter '*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
