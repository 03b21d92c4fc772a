using System.Text.Json;

namespace AgentRec.Llm.Tests.Grammar;

internal static class TestJson
{
    /// <summary>Parses JSON written with single quotes (easier to read in C# strings).</summary>
    public static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json.Replace('\'', '"'));
        return doc.RootElement.Clone();
    }

    /// <summary>A catalog item: nested object, enum, bounded array, integer range, optional fields.</summary>
    public const string Product = """
        {
          'type': 'object',
          'properties': {
            'id': { 'type': 'integer', 'minimum': 1, 'maximum': 99999 },
            'title': { 'type': 'string', 'minLength': 1, 'maxLength': 40 },
            'genre': { 'enum': ['drama', 'comedy', 'sci-fi'] },
            'tags': { 'type': 'array', 'items': { 'type': 'string', 'maxLength': 12 }, 'maxItems': 3 },
            'rating': { 'type': ['number', 'null'] },
            'inStock': { 'type': 'boolean' },
            'seller': {
              'type': 'object',
              'properties': { 'name': { 'type': 'string' }, 'country': { 'const': 'DE' } },
              'required': ['name'],
              'additionalProperties': false
            }
          },
          'required': ['id', 'title', 'genre'],
          'additionalProperties': false
        }
        """;

    /// <summary>A recursive category tree through $defs.</summary>
    public const string Tree = """
        {
          '$ref': '#/$defs/node',
          '$defs': {
            'node': {
              'type': 'object',
              'properties': {
                'label': { 'type': 'string', 'maxLength': 8 },
                'children': { 'type': 'array', 'items': { '$ref': '#/$defs/node' }, 'maxItems': 2 }
              },
              'required': ['label']
            }
          }
        }
        """;
}
