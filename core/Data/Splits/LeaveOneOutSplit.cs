using AgentRec.Core.Interactions;

namespace AgentRec.Core.Data.Splits;

/// <summary>
/// The S3-Rec/ICLRec leave-one-out protocol. For a user with items <c>i1..in</c> (n ≥ 3):
/// train = <c>i1..i(n-2)</c>; valid = history <c>i1..i(n-2)</c> → target <c>i(n-1)</c>;
/// test = history <c>i1..i(n-1)</c> → target <c>in</c>.
/// Users with fewer than 3 items cannot give a train prefix plus two targets, so their whole
/// sequence goes to train and they have no valid or test example (<see cref="TrainOnlyUserCount"/>).
/// </summary>
public sealed class LeaveOneOutSplit
{
    /// <summary>The shortest sequence that yields a train prefix, a valid target and a test target.</summary>
    public const int MinimumEvaluatedLength = 3;

    private LeaveOneOutSplit(SequenceDataset dataset, UserSequence[] train, SequenceExample[] valid, SequenceExample[] test, int trainOnly)
    {
        Dataset = dataset;
        Train = train;
        Valid = valid;
        Test = test;
        TrainOnlyUserCount = trainOnly;
    }

    public SequenceDataset Dataset { get; }

    /// <summary>One sequence per user, in dataset order: the train prefix (or the whole sequence for short users).</summary>
    public IReadOnlyList<UserSequence> Train { get; }

    public IReadOnlyList<SequenceExample> Valid { get; }

    public IReadOnlyList<SequenceExample> Test { get; }

    /// <summary>Users with fewer than <see cref="MinimumEvaluatedLength"/> items, kept in train only.</summary>
    public int TrainOnlyUserCount { get; }

    public static LeaveOneOutSplit Create(SequenceDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var train = new UserSequence[dataset.Sequences.Count];
        var valid = new List<SequenceExample>(dataset.Sequences.Count);
        var test = new List<SequenceExample>(dataset.Sequences.Count);
        int trainOnly = 0;
        for (int u = 0; u < dataset.Sequences.Count; u++)
        {
            UserSequence sequence = dataset.Sequences[u];
            int[] items = [.. sequence.Items];
            if (items.Length < MinimumEvaluatedLength)
            {
                train[u] = new UserSequence(sequence.UserId, items);
                trainOnly++;
                continue;
            }

            int n = items.Length;
            int[] prefix = items[..(n - 2)];
            train[u] = new UserSequence(sequence.UserId, prefix);
            valid.Add(new SequenceExample(sequence.UserId, prefix, items[n - 2]));
            test.Add(new SequenceExample(sequence.UserId, items[..(n - 1)], items[n - 1]));
        }

        return new LeaveOneOutSplit(dataset, train, [.. valid], [.. test], trainOnly);
    }
}
