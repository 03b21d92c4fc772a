using AgentRec.Llm.Native;

namespace AgentRec.Llm.Runtime;

/// <summary>
/// Keeps sampled text well-formed UTF-8. llama.cpp's grammar engine decodes byte tokens leniently (overlong forms,
/// surrogates and values past U+10FFFF pass), so byte-fallback tokens can otherwise assemble bytes that a strict
/// decoder turns into U+FFFD — breaking, e.g., a JSON Schema maxLength the grammar thought it enforced.
/// </summary>
internal sealed class Utf8ValiditySampler(TokenUtf8Table table) : IManagedSampler
{
    private Utf8Scanner _state = Utf8Scanner.Start;

    public void Apply(Span<LlamaTokenData> candidates)
    {
        int allowed = 0;
        foreach (ref readonly var candidate in candidates)
        {
            if (candidate.Logit != float.NegativeInfinity && table.Allows(_state, candidate.Id))
            {
                allowed++;
            }
        }

        // Never leave nothing to sample: if no candidate keeps the text valid, the earlier constraints win.
        if (allowed == 0)
        {
            return;
        }

        foreach (ref var candidate in candidates)
        {
            if (!table.Allows(_state, candidate.Id))
            {
                candidate.Logit = float.NegativeInfinity;
            }
        }
    }

    public void Accept(int token)
    {
        if ((uint)token < (uint)table.Count && _state.TryAdvance(table.Piece(token), out var next))
        {
            _state = next;
        }
        else
        {
            _state = Utf8Scanner.Start;
        }
    }

    public void Reset() => _state = Utf8Scanner.Start;
}
