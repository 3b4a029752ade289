using Microsoft.Extensions.Hosting;
using PresenceCluster.Silo.Database;
using PresenceCluster.Silo.Hosting;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args.Where(a => a != InitDbCommand.Name).ToArray(),
    ContentRootPath = AppContext.BaseDirectory,
});

if (args.Contains(InitDbCommand.Name))
{
    return await InitDbCommand.RunAsync(builder.Configuration, Console.Out, Console.Error);
}

builder.UseOrleans(silo => silo.ConfigurePresenceSilo(builder.Configuration));
await builder.Build().RunAsync();
return 0;
