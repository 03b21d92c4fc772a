namespace AgentRec.Retrieval.Embeddings;

/// <summary>
/// Eigen-decomposition of a small dense symmetric matrix by cyclic Jacobi rotations: slow for large n, but simple,
/// accurate, and deterministic, which is what the l × l core of the randomised SVD needs (l ≈ a few hundred).
/// </summary>
internal static class SymmetricEigen
{
    private const int MaxSweeps = 100;

    /// <summary>
    /// Decomposes the row-major <paramref name="n"/>×<paramref name="n"/> symmetric matrix <paramref name="a"/> (overwritten).
    /// Returns the eigenvalues in descending order and the matching unit eigenvectors as the columns of a row-major matrix.
    /// </summary>
    public static (double[] Values, double[] Vectors) Decompose(double[] a, int n, CancellationToken cancellationToken = default)
    {
        var v = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            v[(i * n) + i] = 1;
        }

        for (int sweep = 0; sweep < MaxSweeps; sweep++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double off = 0;
            double diagonal = 0;
            for (int p = 0; p < n; p++)
            {
                diagonal += a[(p * n) + p] * a[(p * n) + p];
                for (int q = p + 1; q < n; q++)
                {
                    off += a[(p * n) + q] * a[(p * n) + q];
                }
            }

            if (off <= 1e-24 * (diagonal + off) || off == 0)
            {
                break;
            }

            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    Rotate(a, v, n, p, q);
                }
            }
        }

        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = a[(i * n) + i];
        }

        // Descending by value; equal values keep their index order so the result is reproducible.
        int[] order = [.. Enumerable.Range(0, n).OrderByDescending(i => values[i]).ThenBy(i => i)];
        var sortedValues = new double[n];
        var sortedVectors = new double[n * n];
        for (int c = 0; c < n; c++)
        {
            sortedValues[c] = values[order[c]];
            for (int r = 0; r < n; r++)
            {
                sortedVectors[(r * n) + c] = v[(r * n) + order[c]];
            }
        }

        return (sortedValues, sortedVectors);
    }

    /// <summary>Applies the rotation in the (p, q) plane that zeroes <c>a[p, q]</c>: <c>A ← Jᵀ A J</c>, <c>V ← V J</c>.</summary>
    private static void Rotate(double[] a, double[] v, int n, int p, int q)
    {
        double apq = a[(p * n) + q];
        if (apq == 0)
        {
            return;
        }

        double theta = (a[(q * n) + q] - a[(p * n) + p]) / (2 * apq);
        // The smaller root of t² + 2tθ − 1 = 0 keeps the rotation angle at most π/4, which keeps the sweep stable.
        double t = (theta >= 0 ? 1 : -1) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
        double c = 1 / Math.Sqrt((t * t) + 1);
        double s = t * c;

        for (int k = 0; k < n; k++)
        {
            double akp = a[(k * n) + p];
            double akq = a[(k * n) + q];
            a[(k * n) + p] = (c * akp) - (s * akq);
            a[(k * n) + q] = (s * akp) + (c * akq);
        }

        for (int k = 0; k < n; k++)
        {
            double apk = a[(p * n) + k];
            double aqk = a[(q * n) + k];
            a[(p * n) + k] = (c * apk) - (s * aqk);
            a[(q * n) + k] = (s * apk) + (c * aqk);
        }

        for (int k = 0; k < n; k++)
        {
            double vkp = v[(k * n) + p];
            double vkq = v[(k * n) + q];
            v[(k * n) + p] = (c * vkp) - (s * vkq);
            v[(k * n) + q] = (s * vkp) + (c * vkq);
        }
    }
}
