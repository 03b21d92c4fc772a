namespace AgentRec.Retrieval.Embeddings;

/// <summary>A sparse matrix in compressed-row form (CSR): row <c>r</c>'s entries are <c>[RowStart[r], RowStart[r + 1])</c>.</summary>
internal sealed class SparseRows
{
    public SparseRows(int rowCount, int columnCount, int[] rowStart, int[] columns, float[] values)
    {
        RowCount = rowCount;
        ColumnCount = columnCount;
        RowStart = rowStart;
        Columns = columns;
        Values = values;
    }

    public int RowCount { get; }

    public int ColumnCount { get; }

    public int[] RowStart { get; }

    public int[] Columns { get; }

    public float[] Values { get; }

    /// <summary>The transpose, also in CSR form (so <c>Aᵀx</c> is a row-wise product too). Column order within a row follows row order here.</summary>
    public SparseRows Transpose()
    {
        var start = new int[ColumnCount + 1];
        foreach (int column in Columns)
        {
            start[column + 1]++;
        }

        for (int c = 0; c < ColumnCount; c++)
        {
            start[c + 1] += start[c];
        }

        var next = (int[])start.Clone();
        var columns = new int[Columns.Length];
        var values = new float[Values.Length];
        for (int r = 0; r < RowCount; r++)
        {
            for (int e = RowStart[r]; e < RowStart[r + 1]; e++)
            {
                int slot = next[Columns[e]]++;
                columns[slot] = r;
                values[slot] = Values[e];
            }
        }

        return new SparseRows(ColumnCount, RowCount, start, columns, values);
    }

    /// <summary><c>y = A x</c>; each output element is summed in entry order, so the result is reproducible.</summary>
    public void Multiply(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int r = 0; r < RowCount; r++)
        {
            float sum = 0;
            for (int e = RowStart[r]; e < RowStart[r + 1]; e++)
            {
                sum += Values[e] * x[Columns[e]];
            }

            y[r] = sum;
        }
    }
}
