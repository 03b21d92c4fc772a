namespace AgentRec.Core;
