using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using PresenceCluster.Http.Hosting;
using PresenceCluster.Silo.Database;
using PresenceCluster.Silo.Hosting;

namespace PresenceCluster.Silo;

/// <summary>
/// The silo program: one web application that is both the Orleans silo and its HTTP endpoint (one container, one
/// pipeline). <c>init-db</c> creates or upgrades the PostgreSQL schema instead. A silo that cannot start for a reason
/// it can explain prints one line and exits with <see cref="StartupFailure.ExitCode"/>.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        var options = new WebApplicationOptions { Args = [.. args.Where(a => a != InitDbCommand.Name)], ContentRootPath = AppContext.BaseDirectory };
        if (args.Contains(InitDbCommand.Name))
        {
            return await InitDbCommand.RunAsync(WebApplication.CreateBuilder(options).Configuration, Console.Out, Console.Error);
        }

        try
        {
            var builder = WebApplication.CreateBuilder(options);
            SiloPreflight.Check(builder.Configuration);
            builder.AddPresenceSilo();
            builder.AddPresenceHttp();

            var app = builder.Build();
            app.MapPresenceHttp();
            app.LogReadyLine();
            await app.RunAsync();
            return 0;
        }
        catch (Exception exception) when (exception is not HostAbortedException && StartupFailure.Explain(exception) is { } reason)
        {
            await Console.Error.WriteLineAsync($"PresenceCluster.Silo did not start: {reason}");
            return StartupFailure.ExitCode;
        }
    }
}
