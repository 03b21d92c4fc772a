namespace AgentRec.Retrieval;
