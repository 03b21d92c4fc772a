namespace AgentRec.Finetune.Training;

/// <summary>Linear warm-up to the peak rate, then cosine or linear decay to peak × minimum ratio at the last step.</summary>
public static class LearningRateSchedule
{
    /// <summary>The rate of optimizer step <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>.</summary>
    public static double At(int step, int totalSteps, double peak, int warmupSteps, LearningRateDecay decay, double minimumRatio)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        if (step < warmupSteps)
        {
            return peak * (step + 1) / warmupSteps;
        }

        int decaySteps = totalSteps - warmupSteps - 1;
        double progress = decaySteps <= 0 ? 1 : Math.Min(1, (double)(step - warmupSteps) / decaySteps);
        double floor = peak * minimumRatio;
        return decay switch
        {
            LearningRateDecay.Cosine => floor + ((peak - floor) * 0.5 * (1 + Math.Cos(Math.PI * progress))),
            LearningRateDecay.Linear => peak - ((peak - floor) * progress),
            _ => peak,
        };
    }
}
