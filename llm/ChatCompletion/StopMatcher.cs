using System.Text;

namespace AgentRec.Llm.ChatCompletion;

/// <summary>Finds stop sequences in streamed text, and how much of the tail might still become one.</summary>
internal static class StopMatcher
{
    /// <summary>Index of the earliest stop sequence in <paramref name="text"/>, or -1.</summary>
    public static int FindStop(StringBuilder text, IReadOnlyList<string> stops)
    {
        if (stops.Count == 0)
        {
            return -1;
        }

        var value = text.ToString();
        var best = -1;
        foreach (var stop in stops)
        {
            var index = value.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && (best < 0 || index < best))
            {
                best = index;
            }
        }

        return best;
    }

    /// <summary>Length of the longest suffix of <paramref name="text"/> that is a proper prefix of a marker (held back from streaming).</summary>
    public static int PendingPrefixLength(StringBuilder text, IReadOnlyList<string> markers)
    {
        var longest = 0;
        foreach (var marker in markers)
        {
            for (var length = Math.Min(marker.Length - 1, text.Length); length > longest; length--)
            {
                if (EndsWith(text, marker.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }

    private static bool EndsWith(StringBuilder text, ReadOnlySpan<char> suffix)
    {
        var start = text.Length - suffix.Length;
        for (var i = 0; i < suffix.Length; i++)
        {
            if (text[start + i] != suffix[i])
            {
                return false;
            }
        }

        return true;
    }
}
