namespace AgentRec.Core.Users;

/// <summary>What a dataset says about a user besides their interactions (demographics, external ids).</summary>
/// <param name="UserId">The id used in <see cref="Interactions.UserSequence.UserId"/>.</param>
/// <param name="Attributes">e.g. MovieLens <c>age</c>, <c>gender</c>, <c>occupation</c>, <c>zip_code</c>; S3-Rec <c>external_id</c>.</param>
public sealed record UserProfile(string UserId, IReadOnlyDictionary<string, string> Attributes)
{
    public string UserId { get; init; } = !string.IsNullOrWhiteSpace(UserId)
        ? UserId
        : throw new ArgumentException("A user id must not be empty.", nameof(UserId));
}
