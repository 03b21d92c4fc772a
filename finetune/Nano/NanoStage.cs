namespace AgentRec.Finetune.Nano;

/// <summary>The stages of <see cref="NanoRecipe"/>, in order.</summary>
public enum NanoStage
{
    Tokenizer,
    InitialModel,
    Pretrain,
    Sft,
    Export,
}
