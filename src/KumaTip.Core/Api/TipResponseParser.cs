using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using KumaTip.Core.Api.Json;
using KumaTip.Core.Api.Sections;

namespace KumaTip.Core.Api
{
    /// <summary>
    /// Turns a Threat Lookup body into <see cref="TipSections"/>. Each section is read on its own, so a section in an
    /// unexpected shape is left null (its JSON stays in the raw body) instead of losing the whole answer.
    /// </summary>
    public static class TipResponseParser
    {
        /// <summary>OpenTIP spells the sandbox section this way; two independent clients of the live service read it so.</summary>
        private const string OpenTipSandboxSection = "DynamicAnalisysResults";

        private static readonly Dictionary<string, PropertyInfo> SectionProperties = SectionsByWireName();

        private static Dictionary<string, PropertyInfo> SectionsByWireName()
        {
            var byName = typeof(TipSections)
                .GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite)
                .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
            byName[OpenTipSandboxSection] = byName[nameof(TipSections.DynamicAnalysisResults)];
            return byName;
        }

        // A section is read on its own, so a [JsonConverter] on its property (Zone) would be skipped: give it its own options.
        private static readonly Dictionary<PropertyInfo, JsonSerializerOptions> PropertyOptions = SectionProperties.Values
            .Select(p => (Property: p, Converter: p.GetCustomAttribute<JsonConverterAttribute>()))
            .Where(p => p.Converter?.ConverterType != null)
            .ToDictionary(p => p.Property, p =>
            {
                var options = new JsonSerializerOptions(TipJson.Options);
                options.Converters.Insert(0, (JsonConverter)Activator.CreateInstance(p.Converter!.ConverterType!, nonPublic: true)!);
                return options;
            });

        private static JsonSerializerOptions OptionsFor(PropertyInfo property)
            => PropertyOptions.TryGetValue(property, out var options) ? options : TipJson.Options;

        /// <summary>Parses a body; throws <see cref="JsonException"/> when it is not a JSON object.</summary>
        public static TipSections Parse(string json)
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException($"expected a JSON object, got {document.RootElement.ValueKind}");
            }

            var sections = new TipSections();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!SectionProperties.TryGetValue(property.Name, out var target)) continue;
                try
                {
                    var value = property.Value.Deserialize(target.PropertyType, OptionsFor(target));
                    target.SetValue(sections, value);
                }
                catch (JsonException)
                {
                    // Shape not understood: keep the other sections; the raw JSON still holds this one.
                }
                catch (NotSupportedException)
                {
                }
            }

            return sections;
        }

        /// <summary>Reads only LicenseInfo from any JSON body (also error bodies); null when there is none.</summary>
        public static TipLicenseInfo? TryReadLicenseInfo(string? body)
        {
            if (string.IsNullOrWhiteSpace(body)) return null;
            try
            {
                using var document = JsonDocument.Parse(body!);
                if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (string.Equals(property.Name, nameof(TipSections.LicenseInfo), StringComparison.OrdinalIgnoreCase)
                        && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        return property.Value.Deserialize<TipLicenseInfo>(TipJson.Options);
                    }
                }
            }
            catch (JsonException)
            {
            }

            return null;
        }
    }
}
