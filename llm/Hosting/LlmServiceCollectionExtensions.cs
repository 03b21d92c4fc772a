using AgentRec.Llm.Batching;
using AgentRec.Llm.ChatCompletion;
using AgentRec.Llm.Embeddings;
using AgentRec.Llm.Models;
using AgentRec.Llm.Remote;
using AgentRec.Llm.Runtime;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentRec.Llm.Hosting;

/// <summary>Registers the model runtime: one shared model and batching engine behind <see cref="IChatClient"/> and an embedding generator.</summary>
public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IChatClient"/> and <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> served
    /// in-process by llama.cpp (Backend "llama") or by an OpenAI-compatible server (Backend "openai",
    /// options in <c>AgentRec:Remote</c>). Models load on first use.
    /// </summary>
    public static IServiceCollection AddAgentRecLlm(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LlmOptions>().Bind(configuration.GetSection(LlmOptions.SectionName)).Validate(o =>
        {
            o.Validate();
            return true;
        });
        services.AddOptions<RemoteModelOptions>().Bind(configuration.GetSection(RemoteModelOptions.SectionName));
        services.AddSingleton(_ => new ModelStore());

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            LlamaBackend.EnsureInitialized(sp.GetService<ILoggerFactory>());
            var path = sp.GetRequiredService<ModelStore>().Resolve(options.ModelPath);
            return LlamaModel.Load(path, new LlamaModelOptions { GpuLayers = options.GpuLayers });
        });

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            return new LlamaInferenceEngine(
                sp.GetRequiredService<LlamaModel>(),
                new InferenceEngineOptions
                {
                    ContextSize = options.ContextSize,
                    MaxParallelSequences = options.MaxParallelSequences,
                    BatchSize = Math.Max(options.BatchSize, options.MaxParallelSequences),
                    QueueCapacity = options.QueueCapacity,
                    Threads = options.Threads,
                    BatchThreads = options.BatchThreads,
                },
                sp.GetService<ILogger<LlamaInferenceEngine>>());
        });

        services.AddSingleton<IChatClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            if (IsRemote(options))
            {
                return RemoteModelClients.CreateChatClient(ValidRemote(sp), sp.GetService<ILoggerFactory>());
            }

            return new LlamaChatClient(sp.GetRequiredService<LlamaInferenceEngine>(), new LlamaChatClientOptions
            {
                DefaultMaxOutputTokens = options.DefaultMaxOutputTokens,
                ChatTemplate = options.ChatTemplate,
            });
        });

        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            if (IsRemote(options))
            {
                return RemoteModelClients.CreateEmbeddingGenerator(ValidRemote(sp), sp.GetService<ILoggerFactory>());
            }

            if (options.EmbeddingModelPath is null)
            {
                return new LlamaEmbeddingGenerator(sp.GetRequiredService<LlamaModel>());
            }

            LlamaBackend.EnsureInitialized(sp.GetService<ILoggerFactory>());
            var model = LlamaModel.Load(sp.GetRequiredService<ModelStore>().Resolve(options.EmbeddingModelPath), new LlamaModelOptions { GpuLayers = options.GpuLayers });
            return new OwningEmbeddingGenerator(new LlamaEmbeddingGenerator(model), model);
        });

        return services;
    }

    private static bool IsRemote(LlmOptions options) => string.Equals(options.Backend, "openai", StringComparison.OrdinalIgnoreCase);

    private static RemoteModelOptions ValidRemote(IServiceProvider services)
    {
        var remote = services.GetRequiredService<IOptions<RemoteModelOptions>>().Value;
        remote.Validate();
        return remote;
    }

    /// <summary>Disposes a model that only the embedding generator uses.</summary>
    private sealed class OwningEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, LlamaModel model)
        : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                model.Dispose();
            }
        }
    }
}
