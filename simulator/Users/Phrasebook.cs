namespace AgentRec.Simulator.Users;

/// <summary>
/// Sentence templates of the structured policy, casual and formal. Placeholders: <c>{noun}</c>,
/// <c>{nouns}</c>, <c>{desc}</c> (fact fragments), <c>{title}</c>, <c>{which}</c>, <c>{kind}</c>.
/// None of them contains a title or an id; the leak guard still checks the filled-in text.
/// </summary>
internal static class Phrasebook
{
    public static readonly Register OpenWithFacts = new(
        ["Hi! I'm looking for a {noun} {desc}.", "Hey, can you recommend a {noun} {desc}?", "I'm in the mood for a {noun} {desc}.", "Any good {nouns} {desc}?"],
        ["Hello. I would like a recommendation for a {noun} {desc}.", "Good evening. Could you suggest a {noun} {desc}?", "I am looking for a {noun} {desc}, if you could help."]);

    public static readonly Register OpenPlain = new(
        ["Hi! Can you recommend a good {noun}?", "Hey, I need a new {noun}. Any ideas?"],
        ["Hello. Could you recommend a good {noun}?", "Good day. I would appreciate a {noun} recommendation."]);

    public static readonly Register OpenKnownItem = new(
        ["Hi! Do you have {title}?", "Hey, I'm looking for {title}."],
        ["Hello. I am looking for {title}.", "Good day. Could you find {title} for me?"]);

    public static readonly Register LikedBefore = new(
        ["I really liked {title}.", "Something like {title} would be great.", "I enjoyed {title} a lot."],
        ["I enjoyed {title} very much.", "I was fond of {title}."]);

    public static readonly Register GeneralInterest = new(
        ["I'm generally into {desc}.", "I usually go for {desc}."],
        ["In general, I appreciate {desc}.", "I tend to prefer {desc}."]);

    public static readonly Register WantFacts = new(
        ["I'd like something {desc}.", "Hmm, something {desc} would be great.", "Maybe something {desc}?"],
        ["I would prefer something {desc}.", "Preferably something {desc}.", "Ideally it would be {desc}."]);

    public static readonly Register Restate = new(
        ["Like I said, something {desc}.", "As I mentioned, {desc}."],
        ["As I mentioned, something {desc}.", "As I said before, {desc}."]);

    public static readonly Register NoPreference = new(
        ["I don't really mind about the {kind}.", "The {kind} doesn't matter much to me."],
        ["I have no strong preference regarding the {kind}.", "The {kind} is not important to me."]);

    public static readonly Register NothingNew = new(
        ["That's all I've got, just show me a few options.", "I've told you what I know, can you suggest something?"],
        ["I have told you everything I can; please suggest a few options.", "That is all I can say; I would welcome some suggestions."]);

    public static readonly Register Thanks = new(
        ["Good question.", "Sure."],
        ["Thank you for asking.", "Certainly."]);

    public static readonly Register Acknowledge = new(
        ["Sure, go ahead.", "Okay, let's see."],
        ["Certainly, please go ahead.", "Very well."]);

    public static readonly Register KeepInMind = new(
        ["Keep in mind I'd like something {desc}.", "Oh, and something {desc} would be nice."],
        ["Please keep in mind that I would prefer something {desc}.", "I should add that I would like something {desc}."]);

    public static readonly Register Nudge = new(
        ["Could you recommend something?", "So, what would you suggest?"],
        ["Could you please suggest something specific?", "What would you recommend?"]);

    public static readonly Register NoItemsShown = new(
        ["You didn't actually show me any {nouns}.", "I don't see any suggestions there."],
        ["I do not see any recommendations in your message.", "You have not suggested any {nouns} yet."]);

    public static readonly Register Repeated = new(
        ["You already showed me {which}.", "I've seen {which} already."],
        ["You have already suggested {which}.", "I believe you suggested {which} before."]);

    public static readonly Register RightKinds = new(
        ["I like the {kind}, but that's not quite it.", "Close on the {kind}, but no."],
        ["I like the {kind}, but that is not quite what I want.", "The {kind} would be right, but not the rest."]);

    public static readonly Register WrongFacts = new(
        ["I'm not looking for anything {desc}.", "Nothing {desc} this time, please."],
        ["I am not looking for anything {desc}.", "I would rather avoid anything {desc}."]);

    public static readonly Register NotIt = new(
        ["Not quite what I'm looking for.", "Hmm, no, not those."],
        ["That is not quite what I am looking for.", "I am afraid that is not it."]);

    public static readonly Register Close = new(
        ["The {which} one is close, though.", "The {which} one is almost there."],
        ["The {which} one comes close, however.", "The {which} suggestion is nearly right."]);

    public static readonly Register TrySomethingElse = new(
        ["Could you try something else?", "Any other ideas?"],
        ["Could you suggest something else?", "Do you have any other suggestions?"]);

    public static readonly Register Accept = new(
        ["That's exactly what I was looking for, thanks!", "Perfect, that's the one I wanted!", "Oh nice, that's it. Thanks!"],
        ["That is precisely what I was looking for. Thank you very much.", "Excellent, that suits me perfectly. Thank you."]);

    public static readonly Register AcceptAt = new(
        ["The {which} one is exactly what I was looking for, thanks!", "Oh, the {which} one! That's the one I wanted."],
        ["The {which} suggestion is precisely what I was looking for. Thank you.", "The {which} one suits me perfectly. Thank you."]);

    public static readonly Register GiveUp = new(
        ["I don't think this is working, I'll look elsewhere. Thanks anyway.", "Never mind, I'll find something myself. Bye!"],
        ["Thank you for your time, but I will look elsewhere.", "I appreciate the effort, but I shall end the conversation here."]);

    private static readonly string[] Ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];

    private static readonly string[] Numbers =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ];

    /// <summary>
    /// Small counts in words: numeric item ids (MovieLens "5") must never appear in what the user writes,
    /// so reasons and responses avoid digits where they can.
    /// </summary>
    public static string Number(int value) =>
        value >= 0 && value < Numbers.Length ? Numbers[value] : value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"first", "second", ... for a 0-based position.</summary>
    public static string Ordinal(int position) =>
        position < Ordinals.Length ? Ordinals[position] : $"number {Number(position + 1)}";

    /// <summary>The casual and formal variants of one kind of sentence.</summary>
    internal sealed record Register(string[] Casual, string[] Formal)
    {
        public string Pick(Random random, bool formal)
        {
            string[] choices = formal ? Formal : Casual;
            return choices[random.Next(choices.Length)];
        }
    }
}
