using System.Globalization;
using AgentRec.Core.Users;

namespace AgentRec.Simulator.Personas;

/// <summary>The AILO "Activities" of a persona: what the user does, from their profile and their domain.</summary>
internal static class PersonaActivities
{
    private static readonly string[] MovieActivities =
    [
        "watches movies on weekend evenings", "goes to the cinema with friends", "streams films after work",
        "keeps a list of films to watch", "rewatches old favourites", "reads reviews before picking a film",
        "hosts movie nights", "watches films while travelling",
    ];

    private static readonly string[] ProductActivities =
    [
        "shops online a few times a month", "reads reviews before buying", "compares prices across stores",
        "buys gifts for family and friends", "tries new products when they are on sale", "sticks to brands that worked before",
    ];

    private static readonly string[] PlaceActivities =
    [
        "eats out with friends on weekends", "looks for new places near home", "reads reviews before going out",
        "plans outings with family", "tries somewhere new when travelling",
    ];

    private static readonly string[] ItemActivities =
    [
        "browses recommendations in spare time", "asks friends for suggestions", "reads reviews before choosing",
    ];

    /// <summary>Activities from the profile (occupation, age) where there is one, plus two drawn for the item domain.</summary>
    public static List<string> For(UserProfile? profile, string noun, Random random)
    {
        var activities = new List<string>();
        if (profile is not null)
        {
            if (profile.Attributes.TryGetValue("occupation", out string? occupation) && !string.IsNullOrWhiteSpace(occupation))
            {
                string job = occupation.Trim().ToLowerInvariant();
                if (job is not ("none" or "other"))
                {
                    activities.Add(job switch
                    {
                        "student" => "is a student",
                        "retired" => "is retired",
                        "homemaker" => "keeps the home",
                        _ => $"works as {(job[0] is 'a' or 'e' or 'i' or 'o' or 'u' ? "an" : "a")} {job}",
                    });
                }
            }

            if (profile.Attributes.TryGetValue("age", out string? age) && int.TryParse(age, NumberStyles.Integer, CultureInfo.InvariantCulture, out int years) && years > 0)
            {
                activities.Add($"is {years} years old");
            }
        }

        string[] pool = noun switch
        {
            "movie" => MovieActivities,
            "product" => ProductActivities,
            "place" => PlaceActivities,
            _ => ItemActivities,
        };
        int first = random.Next(pool.Length);
        int second = random.Next(pool.Length - 1);
        activities.Add(pool[first]);
        activities.Add(pool[second >= first ? second + 1 : second]);
        return activities;
    }
}
