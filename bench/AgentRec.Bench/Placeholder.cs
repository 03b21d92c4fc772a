namespace AgentRec.Bench;
