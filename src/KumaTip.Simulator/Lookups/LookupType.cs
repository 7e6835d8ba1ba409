namespace KumaTip.Simulator.Lookups;

/// <summary>The four Threat Lookup endpoints: <c>/api/hash|ip|domain|url/{value}</c>.</summary>
internal enum LookupType
{
    Hash,
    Ip,
    Domain,
    Url,
}
