using System;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KumaTip.Core.Api.Json
{
    /// <summary>
    /// Reads the portal's dates: minute precision without seconds (<c>2021-06-25T03:23Z</c>), full ISO 8601,
    /// a date alone, or Unix seconds. All are UTC per the documentation; text that is not a date becomes null.
    /// </summary>
    internal sealed class TolerantDateConverter : JsonConverter<DateTimeOffset?>
    {
        private static readonly string[] Formats =
        {
            "yyyy-MM-dd'T'HH:mm'Z'",
            "yyyy-MM-dd'T'HH:mm",
            "yyyy-MM-dd'T'HH:mmzzz",
            "yyyy-MM-dd",
            "yyyy-MM-dd HH:mm",
            "yyyy-MM-dd HH:mm:ss",
        };

        public override bool HandleNull => true;

        public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return Parse(reader.GetString());
                case JsonTokenType.Number:
                    return reader.TryGetInt64(out var seconds) && seconds > 0 && seconds < 253402300800
                        ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                        : (DateTimeOffset?)null;
                default:
                    reader.Skip();
                    return null;
            }
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
        {
            if (value.HasValue) writer.WriteStringValue(value.Value);
            else writer.WriteNullValue();
        }

        internal static DateTimeOffset? Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            text = text!.Trim();
            var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
            if (DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, styles, out var exact)) return exact;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, styles, out var any)) return any;
            return null;
        }
    }
}
