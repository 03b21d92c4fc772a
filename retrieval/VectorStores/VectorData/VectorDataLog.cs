using Microsoft.Extensions.Logging;

namespace AgentRec.Retrieval.VectorStores;

/// <summary>Log messages of the VectorData adapter.</summary>
internal static partial class VectorDataLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Collection {Collection} ready ({Dimensions} dimensions, {Metric}) on {System}")]
    public static partial void CollectionReady(ILogger logger, string collection, int dimensions, VectorMetric metric, string system);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted collection {Collection} on {System} (existed: {Existed})")]
    public static partial void CollectionDeleted(ILogger logger, string collection, string system, bool existed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Restored collection {Collection} from snapshot {SnapshotPath}")]
    public static partial void CollectionRestored(ILogger logger, string collection, string snapshotPath);
}
