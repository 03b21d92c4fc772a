using System.Numerics.Tensors;

namespace AgentRec.Retrieval.Embeddings;

/// <summary>
/// Truncated SVD of a sparse matrix by randomised subspace iteration (Halko, Martinsson and Tropp, 2011): a seeded
/// Gaussian start, a few power iterations with re-orthonormalisation, then an exact eigen-decomposition of the small
/// projected Gram matrix. Only tall dense blocks (rows × l and columns × l, l = rank + oversampling) are ever formed.
/// Every block column is computed by one thread in a fixed order, so the result does not depend on the thread count.
/// </summary>
internal static class RandomizedSvd
{
    // Rows per chunk: a chunk of one column is 8 KB, so a block of columns' chunks stays in the L2 cache.
    private const int RowChunk = 2048;

    // Columns orthonormalised together against all earlier ones.
    private const int Block = 32;

    /// <summary>
    /// The leading right singular vectors of <paramref name="x"/> (each of length <c>x.ColumnCount</c>) and their
    /// singular values, descending. Fewer than <paramref name="rank"/> are returned when the matrix has lower rank.
    /// </summary>
    public static (float[] Values, float[][] Right) Compute(
        SparseRows x, int rank, int oversampling, int iterations, int seed, ParallelOptions parallel)
    {
        SparseRows xt = x.Transpose();
        int width = Math.Min(rank + oversampling, Math.Min(x.RowCount, x.ColumnCount));
        if (width == 0)
        {
            return ([], []);
        }

        float[][] omega = Gaussian(width, x.ColumnCount, seed);
        float[][] q = Multiply(x, omega, parallel);
        Orthonormalize(q, parallel);
        for (int i = 0; i < iterations; i++)
        {
            float[][] z = Multiply(xt, q, parallel);
            Orthonormalize(z, parallel);
            q = Multiply(x, z, parallel);
            Orthonormalize(q, parallel);
        }

        // B = Qᵀ X is width × columns; keep its transpose Z = Xᵀ Q and decompose B Bᵀ = Zᵀ Z = W Λ Wᵀ.
        float[][] bt = Multiply(xt, q, parallel);
        var gram = new double[width * width];
        Parallel.For(0, width, parallel, a =>
        {
            for (int b = a; b < width; b++)
            {
                double dot = TensorPrimitives.Dot<float>(bt[a], bt[b]);
                gram[(a * width) + b] = dot;
                gram[(b * width) + a] = dot;
            }
        });

        parallel.CancellationToken.ThrowIfCancellationRequested();
        (double[] lambda, double[] w) = SymmetricEigen.Decompose(gram, width, parallel.CancellationToken);

        // Right singular vectors V = Z W Σ⁻¹; directions with negligible σ are numerical noise and are left out.
        int keep = 0;
        double largest = Math.Sqrt(Math.Max(lambda[0], 0));
        while (keep < Math.Min(rank, width) && Math.Sqrt(Math.Max(lambda[keep], 0)) > largest * 1e-4)
        {
            keep++;
        }

        var values = new float[keep];
        var right = new float[keep][];
        Parallel.For(0, keep, parallel, c =>
        {
            double sigma = Math.Sqrt(lambda[c]);
            var vector = new float[x.ColumnCount];
            for (int a = 0; a < width; a++)
            {
                TensorPrimitives.MultiplyAdd(bt[a], (float)(w[(a * width) + c] / sigma), vector, vector);
            }

            FixSign(vector);
            values[c] = (float)sigma;
            right[c] = vector;
        });

        return (values, right);
    }

    /// <summary>Columns of i.i.d. standard normals (Box–Muller over a seeded <see cref="Random"/>), filled in a fixed order.</summary>
    private static float[][] Gaussian(int columns, int length, int seed)
    {
        var random = new Random(seed);
        var result = new float[columns][];
        for (int c = 0; c < columns; c++)
        {
            var column = new float[length];
            for (int i = 0; i < length; i += 2)
            {
                double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
                double angle = 2 * Math.PI * random.NextDouble();
                column[i] = (float)(radius * Math.Cos(angle));
                if (i + 1 < length)
                {
                    column[i + 1] = (float)(radius * Math.Sin(angle));
                }
            }

            result[c] = column;
        }

        return result;
    }

    private static float[][] Multiply(SparseRows matrix, float[][] columns, ParallelOptions parallel)
    {
        var result = new float[columns.Length][];
        Parallel.For(0, columns.Length, parallel, c =>
        {
            var y = new float[matrix.RowCount];
            matrix.Multiply(columns[c], y);
            result[c] = y;
        });

        return result;
    }

    /// <summary>
    /// Block classical Gram–Schmidt, each projection done twice ("twice is enough" for float round-off): columns are
    /// taken in blocks; a block is first cleared of all earlier columns with row-chunked block products (each earlier
    /// column is streamed from memory once per block instead of once per column), then orthonormalised column by column.
    /// A column that is (almost) in the span of the earlier ones becomes zero rather than amplified noise. Partial sums
    /// are combined in chunk order, so the result does not depend on the thread count.
    /// </summary>
    internal static void Orthonormalize(float[][] columns, ParallelOptions parallel)
    {
        if (columns.Length == 0)
        {
            return;
        }

        int length = columns[0].Length;
        int chunks = (length + RowChunk - 1) / RowChunk;
        for (int start = 0; start < columns.Length; start += Block)
        {
            int end = Math.Min(start + Block, columns.Length);
            var before = new float[end - start];
            for (int j = start; j < end; j++)
            {
                before[j - start] = TensorPrimitives.Norm<float>(columns[j]);
            }

            if (start > 0)
            {
                for (int pass = 0; pass < 2; pass++)
                {
                    float[] projections = BlockDots(columns, start, end, chunks, parallel);
                    Parallel.For(0, chunks, parallel, chunk =>
                    {
                        (int offset, int size) = Chunk(chunk, length);
                        for (int a = 0; a < start; a++)
                        {
                            ReadOnlySpan<float> q = columns[a].AsSpan(offset, size);
                            for (int j = start; j < end; j++)
                            {
                                float r = projections[(a * (end - start)) + (j - start)];
                                if (r != 0)
                                {
                                    Span<float> y = columns[j].AsSpan(offset, size);
                                    TensorPrimitives.MultiplyAdd(q, -r, y, y);
                                }
                            }
                        }
                    });
                }
            }

            for (int c = start; c < end; c++)
            {
                float[] y = columns[c];
                if (c > start)
                {
                    var projections = new float[c - start];
                    for (int pass = 0; pass < 2; pass++)
                    {
                        Parallel.For(start, c, parallel, a => projections[a - start] = TensorPrimitives.Dot<float>(columns[a], y));
                        Parallel.For(0, chunks, parallel, chunk =>
                        {
                            (int offset, int size) = Chunk(chunk, length);
                            Span<float> part = y.AsSpan(offset, size);
                            for (int a = start; a < c; a++)
                            {
                                if (projections[a - start] != 0)
                                {
                                    TensorPrimitives.MultiplyAdd(columns[a].AsSpan(offset, size), -projections[a - start], part, part);
                                }
                            }
                        });
                    }
                }

                float after = TensorPrimitives.Norm<float>(y);
                if (!(after > before[c - start] * 1e-4f))
                {
                    Array.Clear(y);
                }
                else
                {
                    TensorPrimitives.Divide(y, after, y);
                }
            }
        }
    }

    /// <summary>
    /// <c>P[a, j] = q_a · y_j</c> for every earlier column <c>a &lt; start</c> and block column <c>j</c>, computed per row
    /// chunk (both slices stay in cache) and summed over chunks in a fixed order.
    /// </summary>
    private static float[] BlockDots(float[][] columns, int start, int end, int chunks, ParallelOptions parallel)
    {
        int width = end - start;
        int length = columns[0].Length;
        var partials = new float[chunks][];
        Parallel.For(0, chunks, parallel, chunk =>
        {
            (int offset, int size) = Chunk(chunk, length);
            var partial = new float[start * width];
            for (int a = 0; a < start; a++)
            {
                ReadOnlySpan<float> q = columns[a].AsSpan(offset, size);
                for (int j = start; j < end; j++)
                {
                    partial[(a * width) + (j - start)] = TensorPrimitives.Dot(q, columns[j].AsSpan(offset, size));
                }
            }

            partials[chunk] = partial;
        });

        var sums = new double[start * width];
        foreach (float[] partial in partials)
        {
            for (int i = 0; i < sums.Length; i++)
            {
                sums[i] += partial[i];
            }
        }

        return [.. sums.Select(v => (float)v)];
    }

    private static (int Offset, int Size) Chunk(int chunk, int length)
    {
        int offset = chunk * RowChunk;
        return (offset, Math.Min(RowChunk, length - offset));
    }

    /// <summary>Singular vectors are defined up to sign; make the largest-magnitude entry positive so refits agree.</summary>
    private static void FixSign(float[] vector)
    {
        int largest = TensorPrimitives.IndexOfMaxMagnitude<float>(vector);
        if (largest >= 0 && vector[largest] < 0)
        {
            TensorPrimitives.Negate<float>(vector, vector);
        }
    }
}
