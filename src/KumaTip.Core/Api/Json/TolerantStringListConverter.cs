using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KumaTip.Core.Api.Json
{
    /// <summary>Reads a list of strings that may arrive as a single string or hold numbers; other shapes become null.</summary>
    internal sealed class TolerantStringListConverter : JsonConverter<List<string>?>
    {
        public override bool HandleNull => true;

        public override List<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return new List<string> { reader.GetString()! };
                case JsonTokenType.StartArray:
                    var list = new List<string>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.String) list.Add(reader.GetString()!);
                        else if (reader.TokenType == JsonTokenType.Number) list.Add(System.Text.Encoding.UTF8.GetString(reader.ValueSpan.ToArray()));
                        else reader.Skip();
                    }

                    return list;
                default:
                    reader.Skip();
                    return null;
            }
        }

        public override void Write(Utf8JsonWriter writer, List<string>? value, JsonSerializerOptions options)
        {
            if (value == null)
            {
                writer.WriteNullValue();
                return;
            }

            writer.WriteStartArray();
            foreach (var item in value) writer.WriteStringValue(item);
            writer.WriteEndArray();
        }
    }
}
