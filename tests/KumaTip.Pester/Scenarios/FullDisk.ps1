# One enrichment run on a data directory whose disk fills up, in a pwsh process of its own (Faults.Tests.ps1): a
# write LiteDB never returns from keeps its lock until the process ends, so the run must be a process that ends.
# Writes one JSON line: rows out, rows with a zone, the errors and warnings, and how long it took.
param(
    [Parameter(Mandatory)] [string] $KumaTipModule,
    [Parameter(Mandatory)] [string] $Prefix,
    [int] $Count = 400
)
$ErrorActionPreference = 'Stop'
Import-Module $KumaTipModule
$watch = [Diagnostics.Stopwatch]::StartNew()
$out = @(1..$Count | ForEach-Object { [pscustomobject]@{ IOC = "$Prefix-$_.example" } } |
    Invoke-TipLookup -Property IOC -PassThru -ErrorAction SilentlyContinue -ErrorVariable problems -WarningAction SilentlyContinue -WarningVariable warned)
[pscustomobject]@{
    Rows     = $out.Count
    Zoned    = @($out | Where-Object TipZone).Count
    Errors   = @($problems | ForEach-Object { [pscustomobject]@{ Id = $_.FullyQualifiedErrorId; Message = "$_" } })
    Warnings = @($warned | ForEach-Object { "$_" })
    Seconds  = [int]$watch.Elapsed.TotalSeconds
} | ConvertTo-Json -Depth 4 -Compress
