using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace KumaTip.Simulator.Lookups;

/// <summary>
/// Error bodies. Lookup-level errors (400, 404) are small JSON objects shaped like the sandbox errors of
/// tip-api.md §7.1; front-end errors (401, 403, 414, 5xx) are HTML pages, as a portal's web front-end sends,
/// so clients must reduce them to text (plain text when <see cref="TipSimulatorOptions.HtmlErrorPages"/> is off).
/// </summary>
internal sealed class ErrorResponses
{
    private readonly bool _html;

    public ErrorResponses(bool html) => _html = html;

    public static Task JsonError(HttpContext context, int status, string error, string description)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { error, description });
        return Write(context, status, "application/json; charset=utf-8", body);
    }

    public Task Page(HttpContext context, int status, string title, string message)
    {
        if (!_html)
        {
            return Write(context, status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(title + ": " + message));
        }

        var t = WebUtility.HtmlEncode(title);
        var m = WebUtility.HtmlEncode(message);
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>{{status}} {{t}} | Kaspersky Threat Intelligence Portal</title>
            <style>body{font-family:Arial,sans-serif;margin:40px;color:#222}h1{color:#006d5c}</style></head>
            <body>
            <div class="header"><a href="/">Kaspersky Threat Intelligence Portal</a></div>
            <h1>{{status}} {{t}}</h1>
            <p>{{m}}</p>
            <hr><small>TIP front-end (KumaTip simulator)</small>
            </body>
            </html>
            """;
        return Write(context, status, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html));
    }

    public static Task Text(HttpContext context, int status, string message) =>
        Write(context, status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(message));

    private static Task Write(HttpContext context, int status, string contentType, byte[] body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
    }
}
