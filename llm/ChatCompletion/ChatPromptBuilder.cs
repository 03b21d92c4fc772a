using System.Text;
using System.Text.Json;
using AgentRec.Llm.Grammar;
using AgentRec.Llm.Runtime;
using Microsoft.Extensions.AI;

namespace AgentRec.Llm.ChatCompletion;

/// <summary>
/// Renders Microsoft.Extensions.AI messages into the model's prompt text. Tool definitions go into
/// the system prompt; earlier tool calls are rendered in the same &lt;tool_call&gt; wire format the
/// model is asked to produce, and tool results as &lt;tool_response&gt; user turns (the convention
/// of Hermes/Qwen-style templates, and safe for templates that know no "tool" role).
/// </summary>
internal static class ChatPromptBuilder
{
    public static string Build(LlamaModel model, IEnumerable<ChatMessage> messages, IReadOnlyList<AITool>? tools, string? templateOverride)
    {
        var turns = new List<(string Role, string Content)>();
        var toolSection = tools is { Count: > 0 } ? ToolPromptFormatter.Format(tools) : null;
        var systemSeen = false;
        foreach (var message in messages)
        {
            var role = message.Role.Value;
            var content = RenderContent(message);
            if (message.Role == ChatRole.System && !systemSeen && toolSection is not null)
            {
                content = content.Length == 0 ? toolSection : content + "\n\n" + toolSection;
                systemSeen = true;
            }
            else if (message.Role == ChatRole.Tool)
            {
                role = ChatRole.User.Value;
            }

            turns.Add((role, content));
        }

        if (!systemSeen && toolSection is not null)
        {
            turns.Insert(0, (ChatRole.System.Value, toolSection));
        }

        return model.TryApplyChatTemplate(turns, addAssistantPrefix: true, templateOverride)
            ?? FormatChatMl(turns);
    }

    /// <summary>ChatML, the fallback for models without a template llama.cpp recognises.</summary>
    internal static string FormatChatMl(IEnumerable<(string Role, string Content)> turns, bool addAssistantPrefix = true)
    {
        var builder = new StringBuilder();
        foreach (var (role, content) in turns)
        {
            builder.Append("<|im_start|>").Append(role).Append('\n').Append(content).Append("<|im_end|>\n");
        }

        return addAssistantPrefix ? builder.Append("<|im_start|>assistant\n").ToString() : builder.ToString();
    }

    private static string RenderContent(ChatMessage message)
    {
        var builder = new StringBuilder();
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    builder.Append(text.Text);
                    break;
                case FunctionCallContent call:
                    if (builder.Length > 0)
                    {
                        builder.Append('\n');
                    }

                    builder.Append(ToolCallGrammar.TriggerText).Append('\n')
                        .Append(JsonSerializer.Serialize(new { name = call.Name, arguments = call.Arguments ?? new Dictionary<string, object?>() }))
                        .Append("\n</tool_call>");
                    break;
                case FunctionResultContent result:
                    if (builder.Length > 0)
                    {
                        builder.Append('\n');
                    }

                    builder.Append("<tool_response>\n").Append(RenderResult(result.Result)).Append("\n</tool_response>");
                    break;
            }
        }

        return builder.ToString();
    }

    private static string RenderResult(object? result) => result switch
    {
        null => "null",
        string s => s,
        JsonElement element => element.GetRawText(),
        _ => JsonSerializer.Serialize(result),
    };
}
