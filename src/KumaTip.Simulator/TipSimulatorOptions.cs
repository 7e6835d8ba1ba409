namespace KumaTip.Simulator;

/// <summary>How a <see cref="TipSimulator"/> starts.</summary>
public sealed class TipSimulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; set; } = 0;

    /// <summary>Folder for the CA, certificates, accounts and the request log; created when missing. Required.</summary>
    public string StateDirectory { get; set; } = "";

    /// <summary>Requests per account per UTC day before the portal answers "quota exceeded".</summary>
    public int DayQuota { get; set; } = 100;

    /// <summary>Delay added to every answer (initial value of <see cref="SimulatorFaults.Latency"/>).</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Extra delay for values with the <c>sim-slow-</c> prefix (initial value of <see cref="SimulatorFaults.SlowLatency"/>).</summary>
    public TimeSpan SlowLatency { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Answer 401/403/503 with HTML pages, like a portal front-end, instead of plain text.</summary>
    public bool HtmlErrorPages { get; set; } = true;

    /// <summary>
    /// Called as each request arrives, before any delay, with its raw target (path and query, still encoded).
    /// Lets tests wait for "the request is in flight" instead of sleeping. Must be fast and thread-safe.
    /// </summary>
    public Action<string>? RequestReceived { get; set; }

    /// <summary>Called after each request's log line is written (the command line prints them). Must be fast and thread-safe.</summary>
    public Action<SimulatorRequestLogEntry>? RequestObserved { get; set; }

    /// <summary>Clock for dates in answers that depend on "today" (quota day, request log).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The OpenTIP listener's port (a separate host in reality, so a separate port here: it asks for no client
    /// certificate); 0 picks a free one.
    /// </summary>
    public int OpenTipPort { get; set; } = 0;

    /// <summary>
    /// OpenTIP requests allowed per key per UTC day. The real figure is not published (tip-api.md §7.2); past it the
    /// service answers 403 "Quota or request limit exceeded".
    /// </summary>
    public int OpenTipDayQuota { get; set; } = 2000;

    /// <summary>How long an uploaded file's analysis stays "in progress" (the real one "may take several minutes").</summary>
    public TimeSpan OpenTipAnalysisTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Uploads larger than this are refused with 413. OpenTIP's own limit is not published (tip-api.md §7.2); 256 MB is
    /// the cap a third-party gateway in front of it uses.
    /// </summary>
    public long OpenTipMaxUploadBytes { get; set; } = 256L * 1024 * 1024;
}
