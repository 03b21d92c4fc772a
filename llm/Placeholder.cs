namespace AgentRec.Llm;
internal static class Placeholder { }
