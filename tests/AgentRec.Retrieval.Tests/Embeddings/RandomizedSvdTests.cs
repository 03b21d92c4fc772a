using AgentRec.Retrieval.Embeddings;

namespace AgentRec.Retrieval.Tests.Embeddings;

public sealed class RandomizedSvdTests
{
    [Fact]
    public void JacobiDecomposesASymmetricMatrix()
    {
        const int N = 24;
        double[] original = RandomSymmetric(N, new Random(3));

        (double[] values, double[] vectors) = SymmetricEigen.Decompose((double[])original.Clone(), N);

        for (int c = 0; c < N; c++)
        {
            if (c > 0)
            {
                Assert.True(values[c - 1] >= values[c]);
            }

            for (int r = 0; r < N; r++)
            {
                // (A v)_r = λ v_r for each eigenpair.
                double av = 0;
                for (int k = 0; k < N; k++)
                {
                    av += original[(r * N) + k] * vectors[(k * N) + c];
                }

                Assert.Equal(values[c] * vectors[(r * N) + c], av, 1e-9);
            }

            for (int d = 0; d < N; d++)
            {
                double dot = 0;
                for (int r = 0; r < N; r++)
                {
                    dot += vectors[(r * N) + c] * vectors[(r * N) + d];
                }

                Assert.Equal(c == d ? 1.0 : 0.0, dot, 1e-9);
            }
        }
    }

    [Fact]
    public void MatchesTheExactDecompositionWhenTheSampleSpansTheMatrix()
    {
        // 40 × 12 sparse matrix; with 12 sampled directions the randomised SVD is exact up to float round-off.
        var random = new Random(5);
        const int Rows = 40, Columns = 12;
        var dense = new double[Rows, Columns];
        var rowStart = new List<int> { 0 };
        var columns = new List<int>();
        var values = new List<float>();
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                if (random.NextDouble() < 0.3)
                {
                    float v = (float)random.NextDouble();
                    dense[r, c] = v;
                    columns.Add(c);
                    values.Add(v);
                }
            }

            rowStart.Add(values.Count);
        }

        var matrix = new SparseRows(Rows, Columns, [.. rowStart], [.. columns], [.. values]);
        var gram = new double[Columns * Columns];
        for (int a = 0; a < Columns; a++)
        {
            for (int b = 0; b < Columns; b++)
            {
                for (int r = 0; r < Rows; r++)
                {
                    gram[(a * Columns) + b] += dense[r, a] * dense[r, b];
                }
            }
        }

        (double[] lambda, _) = SymmetricEigen.Decompose((double[])gram.Clone(), Columns);
        (float[] sigma, float[][] right) = RandomizedSvd.Compute(matrix, 6, 10, 2, 1, new ParallelOptions { MaxDegreeOfParallelism = 2 });

        Assert.Equal(6, sigma.Length);
        for (int c = 0; c < sigma.Length; c++)
        {
            Assert.Equal(Math.Sqrt(lambda[c]), sigma[c], 1e-3);

            // XᵀX v = σ² v.
            for (int a = 0; a < Columns; a++)
            {
                double product = 0;
                for (int b = 0; b < Columns; b++)
                {
                    product += gram[(a * Columns) + b] * right[c][b];
                }

                Assert.Equal(sigma[c] * sigma[c] * right[c][a], product, 1e-3);
            }
        }
    }

    [Fact]
    public void OrthonormalisesAcrossBlocksAndZeroesDependentColumns()
    {
        // 70 columns span three blocks; column 50 repeats a mix of earlier ones and must vanish.
        float[][] Columns()
        {
            var random = new Random(9);
            float[][] columns = [.. Enumerable.Range(0, 70).Select(_ => Enumerable.Range(0, 5000).Select(_ => (float)random.NextDouble() - 0.5f).ToArray())];
            for (int i = 0; i < 5000; i++)
            {
                columns[50][i] = columns[3][i] - (2 * columns[40][i]);
            }

            return columns;
        }

        float[][] serial = Columns();
        float[][] parallel = Columns();
        RandomizedSvd.Orthonormalize(serial, new ParallelOptions { MaxDegreeOfParallelism = 1 });
        RandomizedSvd.Orthonormalize(parallel, new ParallelOptions { MaxDegreeOfParallelism = 4 });

        Assert.All(serial[50], v => Assert.Equal(0f, v));
        for (int a = 0; a < 70; a++)
        {
            Assert.Equal(serial[a], parallel[a]);
            for (int b = a; b < 70; b++)
            {
                float expected = a == b && a != 50 ? 1f : 0f;
                Assert.Equal(expected, System.Numerics.Tensors.TensorPrimitives.Dot<float>(serial[a], serial[b]), 1e-4f);
            }
        }
    }

    [Fact]
    public void TransposeSwapsRowsAndColumns()
    {
        // [[1, 0, 2], [0, 3, 0]]
        var matrix = new SparseRows(2, 3, [0, 2, 3], [0, 2, 1], [1f, 2f, 3f]);

        SparseRows transposed = matrix.Transpose();
        var product = new float[3];
        transposed.Multiply([10f, 100f], product);

        Assert.Equal(3, transposed.RowCount);
        Assert.Equal([10f, 300f, 20f], product);
    }

    private static double[] RandomSymmetric(int n, Random random)
    {
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                double v = (random.NextDouble() * 2) - 1;
                a[(i * n) + j] = v;
                a[(j * n) + i] = v;
            }
        }

        return a;
    }
}
