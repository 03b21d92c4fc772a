namespace AgentRec.Cli.Evaluation;

/// <summary>
/// Written to the work folder after a method's merged model: while it and the model exist, a rerun skips the training.
/// <see cref="FinalTrainLoss"/> is the mean of the last (up to ten) step losses; CFT's includes its difference term.
/// </summary>
internal sealed record CftTrainingRecord(string Method, string Model, int Examples, int Steps, double FinalTrainLoss, double TrainSeconds, double TokensPerSecond);
