namespace AgentRec.Llm.Tokenization;

public enum BpeTrainingStage
{
    /// <summary>Reading the corpus and counting words and characters.</summary>
    Counting,

    /// <summary>Learning merges, most frequent pair first.</summary>
    Merging,

    /// <summary>The vocabulary is built.</summary>
    Done,
}
