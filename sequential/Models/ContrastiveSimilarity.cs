namespace AgentRec.Sequential.Models;

/// <summary>How InfoNCE compares two sequence representations.</summary>
public enum ContrastiveSimilarity
{
    /// <summary>Dot product, as the CL4SRec and SRA-CL code bases use (scale grows with the representation norm).</summary>
    Dot,

    /// <summary>Cosine similarity (dot product of unit vectors): bounded, so the temperature alone sets the scale.</summary>
    Cosine,
}
