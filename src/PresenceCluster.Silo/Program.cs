using Microsoft.Extensions.Hosting;
using PresenceCluster.Silo.Hosting;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.UseOrleans(silo => silo.ConfigurePresenceSilo(builder.Configuration));
await builder.Build().RunAsync();
