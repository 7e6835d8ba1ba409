using System;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using KumaTip.Core.Api.Sections;
using KumaTip.Core.Lookups;

namespace KumaTip.Core.Reports
{
    /// <summary>
    /// A JSON array of results, each written and flushed as it arrives. Every property of the result is kept,
    /// typed sections by their runtime type (FileGeneralInfo, IpWhoIs…), and <c>Raw</c> — the portal's answer —
    /// is embedded as JSON, not as an escaped string (an answer that is not JSON stays a string).
    /// </summary>
    public sealed class JsonReportWriter : ReportWriter
    {
        private static readonly JsonSerializerOptions Options = CreateOptions();

        private readonly Utf8JsonWriter _json;

        /// <summary>Opens the array on <paramref name="output"/> (UTF-8, indented).</summary>
        public JsonReportWriter(Stream output)
        {
            if (output == null) throw new ArgumentNullException(nameof(output));
            _json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
            _json.WriteStartArray();
        }

        protected override void WriteResult(TipLookupResult result)
        {
            // One result at a time: serialize it to a document, copy every property and swap Raw for the parsed answer.
            using (var document = JsonSerializer.SerializeToDocument(result, Options))
            {
                _json.WriteStartObject();
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.NameEquals(nameof(TipLookupResult.Raw)))
                    {
                        WriteRaw(result.Raw);
                        continue;
                    }
                    property.WriteTo(_json);
                }
                _json.WriteEndObject();
            }
            _json.Flush();
        }

        private void WriteRaw(string raw)
        {
            _json.WritePropertyName(nameof(TipLookupResult.Raw));
            if (string.IsNullOrWhiteSpace(raw))
            {
                _json.WriteNullValue();
                return;
            }
            try
            {
                using (var parsed = JsonDocument.Parse(raw))
                {
                    parsed.RootElement.WriteTo(_json);
                }
            }
            catch (JsonException)
            {
                _json.WriteStringValue(raw);
            }
        }

        protected override void WriteEnd()
        {
            _json.WriteEndArray();
            _json.Flush();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _json.Dispose();
            base.Dispose(disposing);
        }

        private static JsonSerializerOptions CreateOptions()
        {
            var options = new JsonSerializerOptions
            {
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            };
            options.Converters.Add(new JsonStringEnumConverter());
            options.Converters.Add(new RuntimeTypeConverter<GeneralInfo>());
            options.Converters.Add(new RuntimeTypeConverter<WhoIsInfo>());
            return options;
        }

        /// <summary>Serializes a property declared as an abstract section base by the section's own type, so no field is lost.</summary>
        private sealed class RuntimeTypeConverter<T> : JsonConverter<T> where T : class
        {
            public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
                => throw new NotSupportedException("Reports are written, not read.");

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
                => JsonSerializer.Serialize(writer, value, value.GetType(), options);
        }
    }
}
