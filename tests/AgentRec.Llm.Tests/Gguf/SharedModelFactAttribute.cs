namespace AgentRec.Llm.Tests.Gguf;

/// <summary>A fact that is reported as skipped when ../shared/models is not there.</summary>
internal sealed class SharedModelFactAttribute : FactAttribute
{
    public SharedModelFactAttribute()
    {
        if (SharedModels.ModelsFolder is null)
        {
            Skip = "../shared/models (beside the repository root) is absent.";
        }
    }
}
