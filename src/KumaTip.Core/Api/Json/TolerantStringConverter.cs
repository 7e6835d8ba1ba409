using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KumaTip.Core.Api.Json
{
    /// <summary>
    /// Reads a text field however the API version sends it: a string, a number (AsnRecord.Number), a boolean, or an
    /// array of those joined with ", " (contact Address, ASN Description). An object becomes null.
    /// </summary>
    internal sealed class TolerantStringConverter : JsonConverter<string?>
    {
        public override bool HandleNull => true;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    var parts = new List<string>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        var part = ReadScalar(ref reader);
                        if (!string.IsNullOrWhiteSpace(part)) parts.Add(part!.Trim());
                    }

                    return parts.Count == 0 ? null : string.Join(", ", parts);
                default:
                    return ReadScalar(ref reader);
            }
        }

        public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
        {
            if (value == null) writer.WriteNullValue();
            else writer.WriteStringValue(value);
        }

        private static string? ReadScalar(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.Number:
                    // The literal as sent, so 64500 stays "64500" and 1.5 is not reformatted by the culture.
                    return reader.HasValueSequence
                        ? System.Text.Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence))
                        : System.Text.Encoding.UTF8.GetString(reader.ValueSpan.ToArray());
                case JsonTokenType.True:
                    return bool.TrueString;
                case JsonTokenType.False:
                    return bool.FalseString;
                case JsonTokenType.Null:
                    return null;
                default:
                    reader.Skip();
                    return null;
            }
        }
    }
}
