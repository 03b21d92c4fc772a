using AgentRec.Llm.Gguf;

namespace AgentRec.Llm.Tests.Gguf;

public sealed class GgufFileTests
{
    [SharedModelFact]
    public void Reads_header_of_shared_tiny_llama()
    {
        var file = GgufFile.Read(SharedModels.TinyLlamaPath);

        Assert.Equal(3u, file.Version);
        Assert.Equal(1_750_560, file.FileLength);
        Assert.Equal("llama", file.Architecture);
        Assert.Equal("LLaMA v2", file.Name);
        Assert.Equal(18, file.Metadata.Count);
        Assert.Equal(12, file.Tensors.Count);
        Assert.Equal(32000, file.VocabularySize);
        Assert.Equal(4096u, file.ContextLength);
        Assert.Equal(8u, file.EmbeddingLength);
        Assert.Equal(1u, file.BlockCount);
        Assert.Equal(32u, file.FeedForwardLength);
        Assert.Equal(2u, file.HeadCount);
        Assert.Equal(2u, file.HeadCountKv);
        Assert.Equal("F16", file.FileTypeName);
        Assert.Null(file.ChatTemplate);
        Assert.Equal(32u, file.Alignment);
        Assert.Equal(0, file.DataOffset % file.Alignment);
        // 2 × 8×32000 (embeddings, output) + 4 × 8×8 (attention) + 3 × 8×32 (FFN) + 3 × 8 (norms)
        Assert.Equal(513_048UL, file.ParameterCount);
    }

    [SharedModelFact]
    public void Metadata_keeps_file_order_and_types()
    {
        var file = GgufFile.Read(SharedModels.TinyLlamaPath);

        Assert.Equal("general.architecture", file.Metadata.Keys.First());
        Assert.Equal("tokenizer.ggml.unknown_token_id", file.Metadata.Keys.Last());
        Assert.Equal(GgufValueType.UInt32, file.Metadata["llama.context_length"].Type);
        Assert.Equal(GgufValueType.Float32, file.Metadata["llama.attention.layer_norm_rms_epsilon"].Type);
        Assert.Equal(1e-5f, file.GetSingle("llama.attention.layer_norm_rms_epsilon"));
        Assert.Equal(GgufValueType.Int32, file.Metadata["tokenizer.ggml.token_type"].ElementType);
        Assert.Equal("llama", file.GetString("tokenizer.ggml.model"));
        Assert.Equal(1u, file.GetUInt32("tokenizer.ggml.bos_token_id"));
        Assert.Equal(2L, file.GetInt64("tokenizer.ggml.eos_token_id"));

        var tokens = file.GetStringArray("tokenizer.ggml.tokens");
        Assert.Equal(32000, tokens.Count);
        Assert.Equal("<unk>", tokens[0]);
        Assert.Equal("<s>", tokens[1]);
        Assert.Equal("<0x0A>", tokens[13]);
        Assert.Equal("\u2581the", tokens[278]);
    }

    [SharedModelFact]
    public void Tensor_table_of_shared_tiny_llama()
    {
        var file = GgufFile.Read(SharedModels.TinyLlamaPath);

        var embedding = file.Tensors[0];
        Assert.Equal("token_embd.weight", embedding.Name);
        Assert.Equal(new ulong[] { 8, 32000 }, embedding.Dimensions.ToArray());
        Assert.Equal(GgmlType.F16, embedding.Type);
        Assert.Equal(0UL, embedding.Offset);
        Assert.Equal(256_000UL, embedding.ElementCount);
        Assert.Equal(512_000UL, embedding.ByteSize);

        var norm = file.FindTensor("blk.0.attn_norm.weight");
        Assert.NotNull(norm);
        Assert.Equal(GgmlType.F32, norm.Type);
        Assert.Equal(new ulong[] { 8 }, norm.Dimensions.ToArray());

        var expected = new[]
        {
            "token_embd.weight", "blk.0.attn_q.weight", "blk.0.attn_k.weight", "blk.0.attn_v.weight",
            "blk.0.attn_output.weight", "blk.0.ffn_gate.weight", "blk.0.ffn_up.weight", "blk.0.ffn_down.weight",
            "blk.0.attn_norm.weight", "blk.0.ffn_norm.weight", "output_norm.weight", "output.weight",
        };
        Assert.Equal(expected, file.Tensors.Select(t => t.Name));
        Assert.All(file.Tensors, t => Assert.Equal(0UL, t.Offset % file.Alignment));
        var last = file.Tensors[^1];
        Assert.True(file.DataOffset + (long)last.Offset + (long)last.ByteSize <= file.FileLength);
        Assert.Null(file.FindTensor("no.such.tensor"));
    }

    [SharedModelFact]
    public void Reads_f16_tensor_data_as_float32()
    {
        var file = GgufFile.Read(SharedModels.TinyLlamaPath);
        var tensor = file.FindTensor("output.weight")!;

        var values = file.ReadTensorFloat32(tensor);
        var raw = file.ReadTensorBytes(tensor);

        Assert.Equal(256_000, values.Length);
        for (var i = 0; i < values.Length; i += 997)
        {
            var half = BitConverter.UInt16BitsToHalf(BitConverter.ToUInt16(raw, 2 * i));
            Assert.Equal((float)half, values[i]);
        }
        Assert.Contains(values, v => v != 0f);
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
    }

    [SharedModelFact]
    public void Reads_from_a_stream_whose_gguf_data_starts_mid_stream()
    {
        var bytes = File.ReadAllBytes(SharedModels.TinyLlamaPath);
        using var stream = new MemoryStream();
        stream.Write(new byte[100]);
        stream.Write(bytes);
        stream.Position = 100;

        var fromStream = GgufFile.Read(stream, "embedded.gguf");
        var fromFile = GgufFile.Read(SharedModels.TinyLlamaPath);

        Assert.Equal("embedded.gguf", fromStream.SourcePath);
        Assert.Equal(fromFile.DataOffset, fromStream.DataOffset);
        Assert.Equal(fromFile.FileLength, fromStream.FileLength);
        Assert.Equal(fromFile.Tensors, fromStream.Tensors);
        var norm = fromStream.FindTensor("output_norm.weight")!;
        Assert.Equal(fromFile.ReadTensorFloat32(fromFile.FindTensor("output_norm.weight")!), fromStream.ReadTensorFloat32(norm, stream));
        Assert.Throws<InvalidOperationException>(() => fromStream.ReadTensorFloat32(norm));
    }

    [SharedModelFact]
    public void Missing_key_and_wrong_type_name_the_key()
    {
        var file = GgufFile.Read(SharedModels.TinyLlamaPath);

        var missing = Assert.Throws<GgufFormatException>(() => file.GetString("general.description"));
        Assert.Equal("metadata 'general.description'", missing.Field);
        Assert.Null(missing.Offset);
        Assert.Contains("missing", missing.Message);

        var wrong = Assert.Throws<GgufFormatException>(() => file.GetString("llama.block_count"));
        Assert.Equal("metadata 'llama.block_count'", wrong.Field);
        Assert.NotNull(wrong.Offset);
        Assert.Contains("u32", wrong.Message);

        Assert.False(file.TryGetString("llama.block_count", out _));
        Assert.True(file.TryGetUInt32("llama.block_count", out var blocks));
        Assert.Equal(1u, blocks);
        Assert.False(file.TryGetBool("tokenizer.ggml.add_bos_token", out _));
    }

    [Fact]
    public void Tensor_from_another_file_is_rejected()
    {
        using var dir = new TempDirectory();
        var path = dir.File("one.gguf");
        new GgufWriter().AddTensor("a", [4], GgmlType.F32, new float[] { 1, 2, 3, 4 }).Write(path);
        var file = GgufFile.Read(path);

        var stranger = new GgufTensorInfo("a", [8], GgmlType.F32, 0);

        Assert.Throws<ArgumentException>(() => file.ReadTensorFloat32(stranger));
        Assert.Equal(new float[] { 1, 2, 3, 4 }, file.ReadTensorFloat32(file.Tensors[0]));
    }

    [Fact]
    public void File_changed_after_reading_its_header_is_reported()
    {
        using var dir = new TempDirectory();
        var path = dir.File("grows.gguf");
        new GgufWriter().AddTensor("a", [4], GgmlType.F32, new float[] { 1, 2, 3, 4 }).Write(path);
        var file = GgufFile.Read(path);
        File.AppendAllText(path, "more");

        var error = Assert.Throws<GgufFormatException>(() => file.ReadTensorFloat32(file.Tensors[0]));
        Assert.Contains("changed", error.Message);
    }

    [Fact]
    public void Per_layer_head_counts_report_the_largest()
    {
        using var dir = new TempDirectory();
        var path = dir.File("layers.gguf");
        new GgufWriter()
            .AddString("general.architecture", "demo")
            .Add("demo.attention.head_count", GgufValue.FromArray(new uint[] { 4, 8, 4 }))
            .AddUInt64("demo.context_length", 1024)
            .Write(path);

        var file = GgufFile.Read(path);

        Assert.Equal(8u, file.HeadCount);
        Assert.Equal(8u, file.HeadCountKv);
        Assert.Equal(1024u, file.ContextLength);
        Assert.Null(file.EmbeddingLength);
        Assert.Null(file.VocabularySize);
        Assert.Null(file.FileTypeName);
        Assert.Equal(0UL, file.ParameterCount);
    }
}
