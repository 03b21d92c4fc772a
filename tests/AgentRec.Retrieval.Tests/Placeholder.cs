namespace AgentRec.Retrieval.Tests;
