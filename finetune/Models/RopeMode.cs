namespace AgentRec.Finetune.Models;

/// <summary>How rotary position embedding pairs the dimensions of a head, as llama.cpp names the modes.</summary>
public enum RopeMode
{
    /// <summary>
    /// llama.cpp's "normal" mode (llama): rotates adjacent pairs (x[2i], x[2i+1]). GGUF llama files store
    /// attn_q/attn_k rows permuted (by the converter) so that this mode reproduces the Hugging Face model.
    /// </summary>
    Normal,

    /// <summary>GPT-NeoX mode (qwen2): rotates x[i] with x[i + n_rot/2], the two halves of the rotated part.</summary>
    Neox,
}
