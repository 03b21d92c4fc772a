using AgentRec.Cli;

return await AgentRecCli.RunAsync(args);
