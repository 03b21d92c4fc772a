using AgentRec.Sequential.Augmentation;

namespace AgentRec.Sequential.Tests.Augmentation;

public sealed class SequenceAugmentationsTests
{
    private static readonly int[] Sequence = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20];

    [Fact]
    public void CropKeepsAContiguousRunOfTheRatio()
    {
        var random = new Random(1);
        var starts = new HashSet<int>();
        for (int draw = 0; draw < 200; draw++)
        {
            int[] crop = SequenceAugmentations.Crop(Sequence, 0.6, random);
            Assert.Equal(6, crop.Length);
            int start = Array.IndexOf(Sequence, crop[0]);
            Assert.Equal(Sequence[start..(start + 6)], crop);
            starts.Add(start);
        }

        Assert.Equal(5, starts.Count); // every possible start 0..4 occurs
        Assert.Equal([42], SequenceAugmentations.Crop([42], 0.6, random));
    }

    [Fact]
    public void MaskHidesExactlyTheRatio()
    {
        int[] masked = SequenceAugmentations.Mask(Sequence, 0.3, maskIndex: 99, new Random(2));

        Assert.Equal(3, masked.Count(i => i == 99));
        for (int i = 0; i < Sequence.Length; i++)
        {
            Assert.True(masked[i] == 99 || masked[i] == Sequence[i]);
        }
    }

    [Fact]
    public void ReorderPermutesOnlyOneRun()
    {
        var random = new Random(3);
        for (int draw = 0; draw < 100; draw++)
        {
            int[] reordered = SequenceAugmentations.Reorder(Sequence, 0.4, random);
            Assert.Equal(Sequence.Order(), reordered.Order());
            int[] moved = [.. Enumerable.Range(0, Sequence.Length).Where(i => reordered[i] != Sequence[i])];
            if (moved.Length > 0)
            {
                Assert.True(moved[^1] - moved[0] < 4, $"positions {string.Join(",", moved)} span more than the 4-item run");
            }
        }
    }
}
