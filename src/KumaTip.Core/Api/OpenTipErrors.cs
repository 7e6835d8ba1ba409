namespace KumaTip.Core.Api
{
    /// <summary>
    /// OpenTIP's error statuses and what to tell the user (tip-api.md §7.2). The service documents no error body, so
    /// the status decides; its text, if any, is quoted. 404 ("Lookup results not found") is not here: it is a result.
    /// </summary>
    internal static class OpenTipErrors
    {
        /// <summary>The header OpenTIP reads the API token from (tip-api.md §1).</summary>
        public const string KeyHeader = "x-api-key";

        public static (TipApiErrorKind Kind, string Message) Describe(int status, string what, string text, int attempts)
        {
            var said = text.Length > 0 ? $" OpenTIP said: \"{text}\"." : "";
            switch (status)
            {
                case 400:
                    return (TipApiErrorKind.BadRequest,
                        $"OpenTIP did not process the lookup of the {what} (400, incorrect query): it does not accept this value. "
                        + "Check the value; OpenTIP also answers 400 for some hashes it has never seen." + said);
                case 401:
                    return (TipApiErrorKind.Unauthorized,
                        $"OpenTIP refused the lookup of the {what} (401, authentication failed): the API token is wrong, expired or revoked. "
                        + "Request a new token on opentip.kaspersky.com and store it with Set-TipSecret -ApiToken." + said);
                case 403:
                case 429:
                    return (TipApiErrorKind.QuotaExceeded,
                        $"OpenTIP refused the lookup of the {what} ({status}): the quota or request limit of the token is reached. "
                        + "It resets daily; run Restart-TipTask then. Cached results stay available with Get-TipLookup." + said);
                case 413:
                    return (TipApiErrorKind.BadRequest, $"OpenTIP refused the {what} as too large (413)." + said);
                default:
                    if (status >= 500)
                    {
                        return (TipApiErrorKind.ServerError,
                            $"OpenTIP failed to answer the lookup of the {what} ({status}) after {attempts} attempt{(attempts == 1 ? "" : "s")}. "
                            + "It is a problem on the service's side; run the lookup again later." + said);
                    }

                    return (TipApiErrorKind.Unexpected,
                        $"OpenTIP answered the lookup of the {what} with an unexpected status {status}. Run it again later; report it if it persists." + said);
            }
        }
    }
}
