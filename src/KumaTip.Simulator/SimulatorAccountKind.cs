namespace KumaTip.Simulator;

/// <summary>The kinds of portal account the simulator knows; each answers differently.</summary>
public enum SimulatorAccountKind
{
    /// <summary>Terms accepted, API access, quota available.</summary>
    Normal,
    /// <summary>Terms of Use not accepted: every request is answered 401.</summary>
    TermsNotAccepted,
    /// <summary>No access to the Threat Lookup API: every request is answered 403.</summary>
    NoApiAccess,
    /// <summary>Daily quota already spent: every request is answered 403 (quota exceeded).</summary>
    QuotaSpent,
    /// <summary>Like <see cref="Normal"/>, but its API token expires ten days after each answer: rehearses the expiry warning.</summary>
    TokenExpiringSoon,
}
