namespace AgentRec.Evaluation.Simulation;

/// <summary>
/// WR: pairwise judgement of two runs on the same simulated users. Per user: a session that reached the target
/// beats one that did not; if both did, the one that got there in fewer turns wins; otherwise the higher mean
/// satisfaction wins; exact ties count half. WR is the first run's share of wins.
/// </summary>
public static class PairwiseJudge
{
    public static (double WinRate, int Pairs) WinRate(IReadOnlyList<SessionResult> first, IReadOnlyList<SessionResult> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var other = second.ToDictionary(s => (s.UserIndex, s.UserId, s.TargetId));
        double wins = 0;
        var pairs = 0;
        foreach (var a in first)
        {
            if (!other.TryGetValue((a.UserIndex, a.UserId, a.TargetId), out var b))
            {
                continue;
            }

            pairs++;
            wins += Compare(a, b) switch { > 0 => 1, 0 => 0.5, _ => 0 };
        }

        return (pairs == 0 ? 0 : wins / pairs, pairs);
    }

    private static int Compare(SessionResult a, SessionResult b)
    {
        if (a.Succeeded != b.Succeeded)
        {
            return a.Succeeded ? 1 : -1;
        }

        if (a.Succeeded && a.SuccessTurn != b.SuccessTurn)
        {
            return a.SuccessTurn < b.SuccessTurn ? 1 : -1;
        }

        return Math.Sign(Math.Round(a.MeanSatisfaction - b.MeanSatisfaction, 6));
    }
}
