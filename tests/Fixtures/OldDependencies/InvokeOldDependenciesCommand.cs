using System;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Net.Http;
using System.Text.Json;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using Polly;

namespace OldDependencies
{
    /// <summary>Uses each of its old libraries once and says which versions answered.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "OldDependencies")]
    [OutputType(typeof(PSObject))]
    public sealed class InvokeOldDependenciesCommand : PSCmdlet
    {
        protected override void ProcessRecord()
        {
            var services = new ServiceCollection();
            services.AddHttpClient("old");
            using (var provider = services.BuildServiceProvider())
            {
                var factory = provider.GetRequiredService<IHttpClientFactory>();
                using (var client = factory.CreateClient("old"))
                {
                    var pipeline = new ResiliencePipelineBuilder().AddTimeout(TimeSpan.FromSeconds(5)).Build();
                    var doubled = pipeline.Execute(() => 21 * 2);
                    var json = JsonSerializer.Serialize(new { answer = doubled });
                    using (var text = new StringWriter())
                    using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
                    {
                        csv.WriteRecords(new[] { new { Answer = doubled } });
                        csv.Flush();
                        var result = new PSObject();
                        result.Properties.Add(new PSNoteProperty("Json", json));
                        result.Properties.Add(new PSNoteProperty("Csv", text.ToString().Trim()));
                        result.Properties.Add(new PSNoteProperty("HttpClientTimeout", client.Timeout));
                        result.Properties.Add(new PSNoteProperty("PollyVersion", VersionOf(typeof(ResiliencePipeline))));
                        result.Properties.Add(new PSNoteProperty("DependencyInjectionVersion", VersionOf(typeof(ServiceCollection))));
                        result.Properties.Add(new PSNoteProperty("HttpVersion", VersionOf(typeof(HttpClientFactoryServiceCollectionExtensions))));
                        result.Properties.Add(new PSNoteProperty("CsvHelperVersion", VersionOf(typeof(CsvWriter))));
                        WriteObject(result);
                    }
                }
            }
        }

        private static string VersionOf(Type type)
            => System.Diagnostics.FileVersionInfo.GetVersionInfo(type.Assembly.Location).FileVersion ?? "unknown";
    }
}
