namespace AgentRec.Sequential.Models;

/// <summary>The sequential recommenders this project trains; all share the SASRec backbone.</summary>
public enum SequentialModelKind
{
    /// <summary>SASRec with cross-entropy over all items.</summary>
    SasRec,

    /// <summary>SASRec plus contrastive learning between crop/mask/reorder views (Xie et al., ICDE 2022).</summary>
    CL4SRec,

    /// <summary>SASRec plus semantic-retrieval inter-user and intra-user contrastive learning (Cui et al., arXiv 2503.04162).</summary>
    SraCl,
}
