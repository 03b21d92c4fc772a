namespace AgentRec.Core.Data.Loaders;

/// <summary>What a named dataset loads into.</summary>
public enum DatasetKind
{
    /// <summary>A <see cref="Interactions.SequenceDataset"/> (user histories for sequential recommenders).</summary>
    Sequences,

    /// <summary>A <see cref="Dialogues.DialogueDataset"/> (conversational recommendation dialogues).</summary>
    Dialogues,

    /// <summary>A <see cref="NextItem.NextItemDataset"/> (LLM-rec next-item examples).</summary>
    NextItem,
}
