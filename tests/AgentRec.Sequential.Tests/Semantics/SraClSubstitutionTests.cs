using AgentRec.Sequential.Models;
using AgentRec.Sequential.Semantics;

namespace AgentRec.Sequential.Tests.Semantics;

public sealed class SraClSubstitutionTests
{
    // Items 1..8; items 1-4 have neighbours, 5-8 have none.
    private static readonly int[][] ItemNeighbours = [[], [2, 3], [1], [8], [1, 2, 3], [], [], [], []];
    private static readonly int[][] UserNeighbours = [[1, 2, 3, 4, 5, 6, 7], [0], [], [0, 1], [0], [0], [0], [0]];

    [Fact]
    public void SubstitutesOnlyWithGivenNeighbours()
    {
        using var model = NewModel(new SraClOptions { SubstitutionProbability = 0.2, RandomAugmentation = false });
        var random = new Random(1);
        int[] sequence = [1, 2, 3, 4, 5, 6, 7, 8, 1, 4];
        int changed = 0, changeable = 0;
        for (int draw = 0; draw < 2000; draw++)
        {
            int[] view = model.SubstitutedView(sequence, random);
            Assert.Equal(sequence.Length, view.Length);
            for (int i = 0; i < sequence.Length; i++)
            {
                int original = sequence[i];
                if (view[i] != original)
                {
                    Assert.Contains(view[i], ItemNeighbours[original]);
                    changed++;
                }

                if (ItemNeighbours[original].Length > 0)
                {
                    changeable++;
                }
            }
        }

        // p = 0.2 of the items that have neighbours (every neighbour differs from its item here).
        Assert.InRange(changed / (double)changeable, 0.18, 0.22);
    }

    [Fact]
    public void ProbabilityOneReplacesEveryItemThatHasNeighbours()
    {
        using var model = NewModel(new SraClOptions { SubstitutionProbability = 1.0, RandomAugmentation = false });
        int[] view = model.SubstitutedView([1, 2, 3, 4, 5, 6], new Random(2));

        Assert.Contains(view[0], ItemNeighbours[1]);
        Assert.Equal(1, view[1]);
        Assert.Equal(8, view[2]);
        Assert.Contains(view[3], ItemNeighbours[4]);
        Assert.Equal([5, 6], view[4..]);
    }

    [Fact]
    public void RandomAugmentationCropsMasksOrReordersTheSubstitutedView()
    {
        using var model = NewModel(new SraClOptions { SubstitutionProbability = 1.0 });
        var random = new Random(4);
        int[] sequence = [3, 5, 6, 7, 8, 5, 6, 7, 8, 3];
        int mask = model.Encoder.MaskIndex;
        bool cropped = false, masked = false, reordered = false;
        for (int draw = 0; draw < 300; draw++)
        {
            int[] view = model.SubstitutedView(sequence, random);

            // Item 3 always becomes its only neighbour 8 (p = 1); items 5-8 have none and stay.
            Assert.All(view, item => Assert.True(item == mask || item is >= 5 and <= 8, $"unexpected item {item}"));
            if (view.Length < sequence.Length)
            {
                Assert.Equal(6, view.Length); // ⌊0.6 · 10⌋
                cropped = true;
            }
            else if (view.Contains(mask))
            {
                Assert.Equal(3, view.Count(item => item == mask)); // ⌊0.3 · 10⌋
                masked = true;
            }
            else if (!view.SequenceEqual([8, 5, 6, 7, 8, 5, 6, 7, 8, 8]))
            {
                reordered = true;
            }
        }

        Assert.True(cropped && masked && reordered, $"cropped {cropped}, masked {masked}, reordered {reordered}");
    }

    [Fact]
    public void SampledUserNeighboursComeFromTheList()
    {
        using var model = NewModel(new SraClOptions { UserNeighbourSamples = 3 });
        var random = new Random(3);
        for (int draw = 0; draw < 200; draw++)
        {
            int[] sample = model.SampleUserNeighbours(0, random);
            Assert.Equal(3, sample.Length);
            Assert.Equal(3, sample.Distinct().Count());
            Assert.All(sample, u => Assert.Contains(u, UserNeighbours[0]));
        }

        Assert.Empty(model.SampleUserNeighbours(2, random));
        Assert.Equal([0, 1], model.SampleUserNeighbours(3, random));
    }

    [Fact]
    public void NeighbourListsAreValidated()
    {
        Assert.Throws<ArgumentException>(() => new SemanticNeighbours([[0]], [[]]));
        Assert.Throws<ArgumentException>(() => new SemanticNeighbours([[]], [[1], [2]]));
        Assert.Throws<ArgumentException>(() => new SemanticNeighbours([[]], [[], [1]]));

        var tooFewItems = new SemanticNeighbours([[]], [[], [2]]);
        var error = Assert.Throws<ArgumentException>(() => tooFewItems.Validate(userCount: 1, itemCount: 1));
        Assert.Contains("itemNeighbours[1]", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => tooFewItems.Validate(userCount: 2, itemCount: 2));
    }

    private static SraCl NewModel(SraClOptions options) =>
        new(8, new SemanticNeighbours(UserNeighbours, ItemNeighbours), new SasRecOptions { HiddenSize = 8, InnerSize = 8 }, options);
}
