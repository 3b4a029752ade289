using PresenceCluster.Cli;

return await PresenceCtl.RunAsync(args, Console.Out, Console.Error);
