namespace AgentRec.Core.Tests;
