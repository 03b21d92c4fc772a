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
        // Never leave nothing to sample: if no candidate keeps the text valid, the earlier constraints win.
        if (!AnyAllowed(candidates))
        {
            return;
        }

        // Common case: between characters, over the full vocabulary in id order (as llama_sampler_sample lays it
        // out); only the few tokens that are invalid on their own need masking.
        if (!_state.InsideCodePoint && candidates.Length == table.Count)
        {
            var ordered = true;
            foreach (var token in table.InvalidFromStart)
            {
                if (candidates[token].Id != token)
                {
                    ordered = false;
                    break;
                }

                candidates[token].Logit = float.NegativeInfinity;
            }

            if (ordered)
            {
                return;
            }
        }

        foreach (ref var candidate in candidates)
        {
            if (!table.Allows(_state, candidate.Id))
            {
                candidate.Logit = float.NegativeInfinity;
            }
        }
    }

    private bool AnyAllowed(ReadOnlySpan<LlamaTokenData> candidates)
    {
        foreach (ref readonly var candidate in candidates)
        {
            if (candidate.Logit != float.NegativeInfinity && table.Allows(_state, candidate.Id))
            {
                return true;
            }
        }

        return false;
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
