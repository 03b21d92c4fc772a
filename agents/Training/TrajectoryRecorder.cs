using System.Text.Json;
using AgentRec.Agents.Llm;
using Microsoft.Extensions.AI;

namespace AgentRec.Agents.Training;

/// <summary>
/// Writes LLM-agent turns (<see cref="LlmRecommenderAgent.Decided"/>) as a chat-format JSONL dataset: one line
/// per turn, <c>{"session", "turn", "action", "messages": [...prompt, {"role": "assistant", "content": output}]}</c>,
/// the input of supervised fine-tuning. Turns whose output did not parse are counted, not written. Lines go to
/// a temporary file that <see cref="Complete"/> renames over the target, so a crash never leaves half a dataset.
/// Safe to call from many sessions at once.
/// </summary>
public sealed class TrajectoryRecorder : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly string _temporary;
    private readonly Lock _gate = new();
    private bool _completed;

    public TrajectoryRecorder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _temporary = Path + ".tmp";
        _writer = new StreamWriter(_temporary, append: false);
    }

    public string Path { get; }

    public int Written { get; private set; }

    public int Unparsed { get; private set; }

    /// <summary>Records one turn; pass it to <see cref="LlmRecommenderAgent.Decided"/>.</summary>
    public void Record(AgentDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_completed, this);
            if (decision.Action is null)
            {
                Unparsed++;
                return;
            }

            var messages = decision.Prompt.Select(m => new { role = m.Role.Value, content = m.Text })
                .Append(new { role = ChatRole.Assistant.Value, content = decision.Output.Trim() });
            _writer.WriteLine(JsonSerializer.Serialize(new
            {
                session = decision.SessionId,
                turn = decision.Turn,
                action = decision.Action.Kind.ToString(),
                messages,
            }));
            Written++;
        }
    }

    /// <summary>Flushes and moves the dataset into place.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _writer.Flush();
            _writer.Dispose();
            File.Move(_temporary, Path, overwrite: true);
        }
    }

    /// <summary>Without <see cref="Complete"/> the partial file is deleted: no half dataset under the target name.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            _writer.Dispose();
            File.Delete(_temporary);
        }
    }
}
