using System.Text.Json;

namespace KumaTip.Core.Api
{
    /// <summary>One look at an uploaded file's analysis: OpenTIP's <c>Status</c> and the answer as far as it goes.</summary>
    public sealed class FileAnalysisPoll
    {
        public const string Complete = "complete";
        public const string InProgress = "in progress";
        public const string NotStarted = "not started";

        public FileAnalysisPoll(string status, TipApiResponse response)
        {
            Status = status;
            Response = response;
        }

        /// <summary><see cref="Complete"/>, <see cref="InProgress"/>, <see cref="NotStarted"/>, or whatever else the service sent.</summary>
        public string Status { get; }

        public TipApiResponse Response { get; }

        public bool IsComplete => string.Equals(Status, Complete, System.StringComparison.OrdinalIgnoreCase);

        public bool IsNotStarted => string.Equals(Status, NotStarted, System.StringComparison.OrdinalIgnoreCase);

        /// <summary>The top-level <c>Status</c> of a getresult body; "" when there is none (a 404, an unexpected shape).</summary>
        internal static string ReadStatus(string json)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                return document.RootElement.ValueKind == JsonValueKind.Object
                       && document.RootElement.TryGetProperty("Status", out var status)
                       && status.ValueKind == JsonValueKind.String
                    ? status.GetString() ?? ""
                    : "";
            }
            catch (JsonException)
            {
                return "";
            }
        }
    }
}
