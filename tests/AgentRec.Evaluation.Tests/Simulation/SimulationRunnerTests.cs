using System.Xml.Linq;
using AgentRec.Agents;
using AgentRec.Agents.Baselines;
using AgentRec.Agents.Catalog;
using AgentRec.Agents.Defaults;
using AgentRec.Agents.Llm;
using AgentRec.Agents.Sessions;
using AgentRec.Core.Catalog;
using AgentRec.Core.Conversations;
using AgentRec.Core.Dialogues;
using AgentRec.Evaluation.Simulation;
using AgentRec.Llm.Batching;
using AgentRec.Llm.ChatCompletion;
using AgentRec.Llm.Gguf;
using AgentRec.Llm.Runtime;
using AgentRec.Simulator.Personas;

namespace AgentRec.Evaluation.Tests.Simulation;

public sealed class SimulationRunnerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "agentrec-sim-tests-" + Guid.NewGuid().ToString("N"));

    public SimulationRunnerTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task TenSimulatedUsersRunEndToEndWithTheLlmAgent()
    {
        var (catalog, personas, search) = await FixtureAsync(10);
        var modelPath = Path.Combine(_folder, "model.gguf");
        RandomLlamaModelWriter.Write(modelPath, new RandomLlamaModelOptions
        {
            Layers = 2, EmbeddingLength = 64, HeadCount = 4, HeadCountKv = 2, FeedForwardLength = 160, VocabularySize = 2048, ContextLength = 4096, Seed = 9,
        });
        using var model = LlamaModel.Load(modelPath);
        using var engine = new LlamaInferenceEngine(model, new InferenceEngineOptions { MaxParallelSequences = 8, ContextSize = 8 * 4096, BatchSize = 512 });
        var agent = new LlmRecommenderAgent(new LlamaChatClient(engine), search, options: new LlmAgentOptions { MaxOutputTokens = 48 });

        using var store = new SimulationRunStore(Path.Combine(_folder, "runs.db"));
        var runner = new SimulationRunner(store, new SimulationOptions { MaxTurns = 3, Parallelism = 8 });
        var run = new RunInfo("llm-10", "llm", "redial-default", 1, personas.Count, 3, 5);
        var report = await runner.RunAsync(run, agent, Cases(personas), catalog);

        Assert.Equal(10, report.Sessions);
        Assert.Equal(0, report.UnknownItemRecommendations);
        Assert.Equal(0, agent.Statistics.ParseFailures);
        Assert.InRange(report.SuccessRate, 0, 1);
        Assert.InRange(report.Satisfaction, 0, 5);
        Assert.Equal(3, report.SuccessRateByTurn.Count);
        var sessions = store.Sessions("llm-10");
        Assert.All(sessions, s => Assert.InRange(s.AgentTurns, 1, 3));
        Assert.All(sessions, s => Assert.Equal(s.AgentTurns, s.Satisfaction.Count));

        // The plots are well-formed SVG.
        Assert.Equal("svg", XElement.Parse(SvgCharts.SuccessRateByTurn([report])).Name.LocalName);
        Assert.Equal("svg", XElement.Parse(SvgCharts.SatisfactionHistogram([report])).Name.LocalName);
    }

    [Fact]
    public async Task ARunKilledMidwayResumesWithoutLosingOrRepeatingFinishedSessions()
    {
        var (catalog, personas, search) = await FixtureAsync(10);
        var storePath = Path.Combine(_folder, "resume.db");
        var run = new RunInfo("retrieval-10", "retrieval", "redial-default", 1, personas.Count, 4, 5);
        var options = new SimulationOptions { MaxTurns = 4, Parallelism = 1 };

        using var cancellation = new CancellationTokenSource();
        var first = new CountingAgent(new RetrievalOnlyAgent(search));
        using (var store = new SimulationRunStore(storePath))
        {
            var progress = new SynchronousProgress(p =>
            {
                if (p.Finished >= 4)
                {
                    cancellation.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new SimulationRunner(store, options).RunAsync(run, first, Cases(personas), catalog, progress, cancellation.Token));
        }

        IReadOnlyList<SessionResult> before;
        using (var store = new SimulationRunStore(storePath))
        {
            before = store.Sessions(run.RunId);
        }

        Assert.InRange(before.Count, 4, 9);

        var second = new CountingAgent(new RetrievalOnlyAgent(search));
        using (var store = new SimulationRunStore(storePath))
        {
            var report = await new SimulationRunner(store, options).RunAsync(run, second, Cases(personas), catalog);
            Assert.Equal(10, report.Sessions);
            var after = store.Sessions(run.RunId);
            foreach (var kept in before)
            {
                Assert.Equal(kept, after.Single(s => s.UserIndex == kept.UserIndex) with { Satisfaction = kept.Satisfaction });
            }

            // Only the unfinished users' sessions ran again.
            Assert.Equal(10 - before.Count, second.Sessions.Count);
            Assert.DoesNotContain(second.Sessions, id => before.Any(b => id.EndsWith("/" + b.UserIndex, StringComparison.Ordinal)));
        }

        // A different configuration under the same id is refused instead of mixing results.
        using (var store = new SimulationRunStore(storePath))
        {
            var error = Assert.Throws<InvalidOperationException>(() => store.BeginRun(run with { MaxTurns = 5 }));
            Assert.Contains("different settings", error.Message);
        }
    }

    [Fact]
    public void MetricsAndWinRateOnHandMadeSessions()
    {
        var run = new RunInfo("a", "x", "d", 1, 4, 3, 2);
        SessionResult S(int i, int? success, bool recall, params double[] satisfaction) =>
            new(i, "u" + i, "t" + i, success, recall, success ?? 3, satisfaction, 0, "[]");
        var a = new[] { S(0, 1, true, 4), S(1, 3, false, 3, 4, 5), S(2, null, false, 2, 2, 2), S(3, null, false, 5, 5, 5) };
        var report = SimulationReport.Create(run, a);
        Assert.Equal(0.5, report.SuccessRate);
        Assert.Equal(0.25, report.RecallAtK);
        Assert.Equal(2.0, report.AverageTurnsToSuccess);
        Assert.Equal([0.25, 0.25, 0.5], report.SuccessRateByTurn);
        Assert.Equal(37.0 / 10, report.Satisfaction, 6);

        // b: user 0 succeeds later (a wins), user 1 fails (a wins), user 2 succeeds (b wins), user 3 ties on satisfaction.
        var b = new[] { S(0, 2, true, 5), S(1, null, false, 5, 5, 5), S(2, 3, false, 1, 1, 1), S(3, null, false, 5, 5, 5) };
        var (rate, pairs) = PairwiseJudge.WinRate(a, b);
        Assert.Equal(4, pairs);
        Assert.Equal(2.5 / 4, rate);
    }

    private async Task<(ItemCatalog Catalog, IReadOnlyList<Persona> Personas, EmbeddingCatalogSearch Search)> FixtureAsync(int users)
    {
        DialogueDataset data = (await DefaultDataset.LoadAsync(_folder)).Value;
        var personas = new PersonaBuilder().FromDialogues(data, users, seed: 3);
        var search = await CatalogSearchBuilder.BuildAsync(data.Catalog, _folder, dimensions: 64);
        return (data.Catalog, personas, search);
    }

    private static List<SimulatedUserCase> Cases(IReadOnlyList<Persona> personas) => [.. personas.Select(p => AiloUser.Case(p))];

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class CountingAgent(IRecommenderAgent inner) : IRecommenderAgent
    {
        public List<string> Sessions { get; } = [];

        public string Name => inner.Name;

        public Task<AgentTurn> RespondAsync(AgentSession session, UserTurn userTurn, CancellationToken cancellationToken = default)
        {
            lock (Sessions)
            {
                if (!Sessions.Contains(session.Id))
                {
                    Sessions.Add(session.Id);
                }
            }

            return inner.RespondAsync(session, userTurn, cancellationToken);
        }
    }

    private sealed class SynchronousProgress(Action<SimulationProgress> report) : IProgress<SimulationProgress>
    {
        public void Report(SimulationProgress value) => report(value);
    }
}
