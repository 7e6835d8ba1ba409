# What every KumaTip Pester file needs: the module under test, a data directory of its own, the simulator's account
# and request log. The environment is set by the harness (tests/KumaTip.Pester.Tests); see ../README.md.

Set-StrictMode -Version 3.0

function Get-TestSetting([string] $Name) {
    $value = [Environment]::GetEnvironmentVariable($Name)
    if (-not $value) { throw "$Name is not set: run the suite with 'dotnet test KumaTip.sln' (or set it as tests/KumaTip.Pester/README.md says)." }
    $value
}

function Import-KumaTipUnderTest {
    $module = if ($env:KUMATIP_TEST_MODULE) { $env:KUMATIP_TEST_MODULE } else { Join-Path (Get-TestSetting KUMATIP_TEST_REPO) 'out/KumaTip' }
    Import-Module -Name $module -Force -Global -ErrorAction Stop
}

# A fresh, empty data directory (KUMATIP_HOME) under the test drive: secrets, settings, cache and tasks start empty.
function New-TestHome {
    $path = Join-Path $TestDrive ('home-' + [guid]::NewGuid().ToString('N').Substring(0, 12))
    $null = New-Item -ItemType Directory -Path $path
    $env:KUMATIP_HOME = $path
    $path
}

function Get-SimulatorAccount {
    Get-Content -LiteralPath (Join-Path (Get-TestSetting KUMATIP_TEST_SIM_DIR) 'account.json') -Raw | ConvertFrom-Json
}

function ConvertTo-TestSecureString([string] $Text) { [Net.NetworkCredential]::new('', $Text).SecurePassword }

# Stores the simulator's account as a secret and points the tenant's connection at the simulator, as a user does.
function Connect-Simulator {
    param([string] $Secret = 'sim', [string] $Tenant = 'Main', [string] $User)
    $account = Get-SimulatorAccount
    $password = $account.Password
    if ($User) { $password = @($account.Accounts | Where-Object User -EQ $User)[0].Password } else { $User = $account.User }
    $credential = [pscredential]::new($User, (ConvertTo-TestSecureString $password))
    $simDir = Get-TestSetting KUMATIP_TEST_SIM_DIR
    $null = New-TipSecret -Name $Secret -Tenant $Tenant -Credential $credential -CertificatePath (Join-Path $simDir 'client.pfx') `
        -CertificatePassword (ConvertTo-TestSecureString $account.PfxPassword) -ErrorAction Stop
    Set-TipSettings -Tenant $Tenant -Secret $Secret -Endpoint (Get-TestSetting KUMATIP_TEST_SIM_ENDPOINT) `
        -TrustedCaPath (Join-Path $simDir 'ca.pem') -ErrorAction Stop
}

# Stores an account's API token as a token secret (read as a SecureString, as a user pastes it into Read-Host
# -AsSecureString) and points the tenant's connection at the simulator. Without -User, the normal account's token.
function Connect-SimulatorWithToken {
    param([string] $Secret = 'sim-token', [string] $Tenant = 'Main', [string] $User)
    $account = Get-SimulatorAccount
    $token = $account.ApiToken
    if ($User) { $token = @($account.Accounts | Where-Object User -EQ $User)[0].ApiToken }
    $simDir = Get-TestSetting KUMATIP_TEST_SIM_DIR
    $null = New-TipSecret -Name $Secret -Tenant $Tenant -ApiToken (ConvertTo-TestSecureString $token) -ErrorAction Stop
    Set-TipSettings -Tenant $Tenant -Secret $Secret -Endpoint (Get-TestSetting KUMATIP_TEST_SIM_ENDPOINT) `
        -TrustedCaPath (Join-Path $simDir 'ca.pem') -ErrorAction Stop
}

# Stores the simulator's OpenTIP key as a token secret and points the tenant at its OpenTIP stand-in (-Service OpenTip).
function Connect-OpenTipSimulator {
    param([string] $Secret = 'opentip', [string] $Tenant = 'Main')
    $simDir = Get-TestSetting KUMATIP_TEST_SIM_DIR
    $key = (Get-Content -LiteralPath (Join-Path $simDir 'opentip.json') -Raw | ConvertFrom-Json).ApiKey
    $null = New-TipSecret -Name $Secret -Tenant $Tenant -ApiToken (ConvertTo-TestSecureString $key) -ErrorAction Stop
    Set-TipSettings -Tenant $Tenant -Service OpenTip -Secret $Secret -Endpoint (Get-TestSetting KUMATIP_TEST_OPENTIP_ENDPOINT) `
        -TrustedCaPath (Join-Path $simDir 'ca.pem') -ErrorAction Stop
}

# The requests the simulator has logged so far (its requests.jsonl), optionally only those for one value; with
# -Answered only those it answered 200 (a request the client gave up on is logged with 499).
function Get-SimulatorRequest([string] $Value, [switch] $Answered) {
    $log = Get-TestSetting KUMATIP_TEST_SIM_LOG
    if (-not (Test-Path -LiteralPath $log)) { return @() }
    $all = @(Get-Content -LiteralPath $log | Where-Object { $_ } | ConvertFrom-Json)
    if ($Value) { $all = @($all | Where-Object Value -EQ $Value) }
    if ($Answered) { $all = @($all | Where-Object Status -EQ 200) }
    $all
}

function Get-SimulatorRequestCount { @(Get-SimulatorRequest).Count }

# Every secret of the simulator's account file (passwords and API tokens): none may ever appear in anything KumaTip writes.
function Get-SimulatorSecretText {
    $account = Get-SimulatorAccount
    $openTip = Join-Path (Get-TestSetting KUMATIP_TEST_SIM_DIR) 'opentip.json'
    $openTipKey = if (Test-Path -LiteralPath $openTip) { (Get-Content -LiteralPath $openTip -Raw | ConvertFrom-Json).ApiKey }
    @($account.PfxPassword) + @($account.Accounts | ForEach-Object Password) + @($account.Accounts | ForEach-Object ApiToken) + @($openTipKey) | Where-Object { $_ }
}

# Fails with the offending place when any simulator secret appears in $Text.
function Assert-NoSecretIn([string] $Text, [string] $Where) {
    foreach ($secret in Get-SimulatorSecretText) {
        if ($Text -and $Text.Contains($secret)) { throw "A secret of the simulator's account appears in $Where." }
    }
}

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL. The harness starts one throwaway cluster per run (tests/KumaTip.Postgres.Testing) and passes
# KUMATIP_TEST_PG_HOST, _PORT, _ADMIN_USER, _ADMIN_PASSWORD and _BIN. Each test makes its own database. The admin
# password stays in environment variables and connection strings: never write it to any stream.

$script:PostgresInstallMessage = "PostgreSQL server binaries (initdb, pg_ctl) were not found, so the PostgreSQL tests cannot start " +
    "their throwaway cluster. Install them with 'apt-get install postgresql' on Debian/Ubuntu (the tests use " +
    "/usr/lib/postgresql/<version>/bin and do not need the package's own cluster), or set KUMATIP_TEST_PG_BIN to a folder holding initdb and pg_ctl."

# Why PostgreSQL tests skip here (for the file's output; Pester 5's -Skip takes no reason).
function Get-TestPostgresSkipReason { $script:PostgresInstallMessage }

# True when the harness passed a PostgreSQL. Without one: $false (use it in BeforeDiscovery for -Skip), but under
# CI=true it throws, since a missing part there is a failure, not a skip.
function Test-TestPostgres {
    if ($env:KUMATIP_TEST_PG_HOST -and $env:KUMATIP_TEST_PG_PORT) { return $true }
    if ($env:CI -eq 'true') { throw "CI=true, where a skipped PostgreSQL test is a failure: $script:PostgresInstallMessage" }
    $false
}

# psql of the cluster's bin folder (Debian's /usr/bin/psql is a wrapper that wants a cluster of its own), else PATH.
function Get-TestPsqlPath {
    if ($env:KUMATIP_TEST_PG_BIN) {
        $psql = Join-Path $env:KUMATIP_TEST_PG_BIN 'psql'
        if (Test-Path -LiteralPath $psql) { return $psql }
    }
    $onPath = Get-Command psql -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) { return $onPath.Source }
    throw "psql was found neither in KUMATIP_TEST_PG_BIN nor on PATH. $script:PostgresInstallMessage"
}

function Assert-TestPostgresName([string] $Name, [string] $What) {
    if ($Name -cnotmatch '^[a-z_][a-z0-9_]{0,62}$') { throw "'$Name' is not a plain PostgreSQL $What name (a-z, 0-9, _)." }
}

# Runs SQL with psql (-v ON_ERROR_STOP=1, unaligned, tuples only) against the test cluster and returns the rows as
# text, one string per row, columns separated by '|'. As the admin unless -User/-Password. Throws with psql's
# message (exit code and stderr) when a statement fails.
function Invoke-TestPsql {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Database,
        [Parameter(Mandatory)] [string] $Sql,
        [string] $User = $env:KUMATIP_TEST_PG_ADMIN_USER,
        [string] $Password
    )
    if (-not (Test-TestPostgres)) { throw "No test PostgreSQL: $script:PostgresInstallMessage" }
    if (-not $PSBoundParameters.ContainsKey('Password') -and $User -eq $env:KUMATIP_TEST_PG_ADMIN_USER) { $Password = $env:KUMATIP_TEST_PG_ADMIN_PASSWORD }
    $start = [Diagnostics.ProcessStartInfo]::new((Get-TestPsqlPath))
    foreach ($argument in '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', $env:KUMATIP_TEST_PG_HOST, '-p', $env:KUMATIP_TEST_PG_PORT,
        '-U', $User, '-d', $Database, '-f', '-') {
        $start.ArgumentList.Add($argument)
    }
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    $start.Environment['PGPASSWORD'] = "$Password"     # the environment, not the command line: ps shows that
    $start.Environment['PGCONNECT_TIMEOUT'] = '10'
    $start.Environment['PGAPPNAME'] = 'kumatip-pester'
    foreach ($name in 'PGSERVICE', 'PGSERVICEFILE', 'PGPASSFILE', 'PGOPTIONS') { $null = $start.Environment.Remove($name) }
    $process = [Diagnostics.Process]::Start($start)
    try {
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        $process.StandardInput.Write($Sql)
        $process.StandardInput.Close()
        if (-not $process.WaitForExit(120000)) { $process.Kill($true); throw "psql on database '$Database' still ran after 2 minutes and was killed." }
        $process.WaitForExit()
        $out = $stdout.GetAwaiter().GetResult(); $err = $stderr.GetAwaiter().GetResult()
        if ($process.ExitCode -ne 0) { throw "psql on database '$Database' as '$User' failed (exit code $($process.ExitCode)): $($err.Trim())" }
        @($out -split "`r?`n" | Where-Object { $_ -ne '' })
    }
    finally { $process.Dispose() }
}

# A fresh database in the test cluster (a unique name unless -Name). Returns Host, Port, Database, User, the admin
# ConnectionString 'Host=…;Port=…;Database=…;Username=…' WITHOUT the password, and Password separately (not in the
# default view, so formatting the object does not show it).
function New-TestPostgresDatabase {
    [CmdletBinding()]
    param([string] $Name = ('kt_' + [guid]::NewGuid().ToString('N').Substring(0, 12)))
    Assert-TestPostgresName $Name 'database'
    $null = Invoke-TestPsql -Database postgres -Sql "CREATE DATABASE `"$Name`";"
    $database = [pscustomobject]@{
        PSTypeName       = 'KumaTip.TestPostgresDatabase'
        Host             = $env:KUMATIP_TEST_PG_HOST
        Port             = [int] $env:KUMATIP_TEST_PG_PORT
        Database         = $Name
        User             = $env:KUMATIP_TEST_PG_ADMIN_USER
        ConnectionString = "Host=$($env:KUMATIP_TEST_PG_HOST);Port=$($env:KUMATIP_TEST_PG_PORT);Database=$Name;Username=$($env:KUMATIP_TEST_PG_ADMIN_USER)"
        Password         = $env:KUMATIP_TEST_PG_ADMIN_PASSWORD
    }
    $view = [Management.Automation.PSPropertySet]::new('DefaultDisplayPropertySet', [string[]] ('Host', 'Port', 'Database', 'User', 'ConnectionString'))
    $database | Add-Member -MemberType MemberSet -Name PSStandardMembers -Value ([Management.Automation.PSMemberInfo[]] @($view)) -Force
    $database
}

# ---------------------------------------------------------------------------------------------------------------
# Other OS users: team tests run several processes as different users against one PostgreSQL. Root only (useradd,
# runuser). Users are named kt-<name>-<6 hex> so they never clash with, and Remove-TestOsUser never touches, a real one.

$script:OwnSharedFolder = $null
$script:PwshForOtherUsers = $null

function Test-TestRoot { -not $IsWindows -and (& id -u) -eq '0' }

# Why OS-user tests skip here; under CI=true Test-TestOsUsers throws it instead.
function Get-TestOsUserSkipReason { 'Tests as other OS users need root (useradd, runuser); run the suite as root, as CI does.' }

# True when this process may create users and run processes as them; under CI=true not being root throws.
function Test-TestOsUsers {
    if ((Test-TestRoot) -and @(Get-Command runuser, useradd, userdel -CommandType Application -ErrorAction SilentlyContinue).Count -ge 3) { return $true }
    if ($env:CI -eq 'true') { throw "CI=true, where a skipped test is a failure: $(Get-TestOsUserSkipReason)" }
    $false
}

# Creates a throwaway OS user with a home folder (useradd -m) and returns Name, Home, Uid. Remove it with Remove-TestOsUser.
function New-TestOsUser {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [ValidatePattern('^[a-z][a-z0-9]{0,15}$')] [string] $Name)
    if (-not (Test-TestRoot)) { throw "New-TestOsUser needs root. $(Get-TestOsUserSkipReason)" }
    $unique = "kt-$Name-$([guid]::NewGuid().ToString('N').Substring(0, 6))"
    $output = & useradd --create-home --user-group --shell /bin/sh --comment 'KumaTip test user (throwaway)' $unique 2>&1
    if ($LASTEXITCODE -ne 0) { throw "useradd $unique failed (exit code $LASTEXITCODE): $output" }
    $entry = (& getent passwd $unique) -split ':'
    [pscustomobject]@{ PSTypeName = 'KumaTip.TestOsUser'; Name = $unique; Home = $entry[5]; Uid = [int] $entry[2] }
}

# Deletes a user New-TestOsUser made, with its home folder (userdel -r). Refuses any other name.
function Remove-TestOsUser {
    [CmdletBinding()]
    param([Parameter(Mandatory, ValueFromPipelineByPropertyName)] [string] $Name)
    process {
        if ($Name -cnotmatch '^kt-[a-z][a-z0-9]{0,15}-[0-9a-f]{6}$') { throw "Remove-TestOsUser removes only users New-TestOsUser made (kt-<name>-<6 hex>), not '$Name'." }
        if (-not (& getent passwd $Name)) { return }
        $output = & userdel --remove $Name 2>&1
        if (& getent passwd $Name) { throw "userdel $Name failed (exit code $LASTEXITCODE): $output" }
    }
}

# Is every folder above $Path traversable by others, and everything in it readable (folders also traversable)?
function Test-ReadableByOthers([string] $Path) {
    $full = [IO.Path]::GetFullPath($Path)
    for ($dir = [IO.Path]::GetDirectoryName($full); $dir; $dir = [IO.Path]::GetDirectoryName($dir)) {
        if (-not ((Get-Item -LiteralPath $dir -Force).UnixFileMode.HasFlag([IO.UnixFileMode]::OtherExecute))) { return $false }
    }
    $denied = & find $full '(' -type d '!' -perm -o+rx ')' -o '(' '!' -type l '!' -perm -o+r ')' -print -quit 2>&1
    $LASTEXITCODE -eq 0 -and -not $denied
}

# A copy of $Source every user can read, made once per run under KUMATIP_TEST_SHARED (the harness makes that folder,
# mode 0755, and deletes it at the end of the run) and reused by later calls and files; $Source itself when it is
# readable already.
function Get-TestReadableCopy([string] $Source, [string] $Name) {
    if (Test-ReadableByOthers $Source) { return $Source }
    $shared = $env:KUMATIP_TEST_SHARED
    if (-not $shared) {
        # By hand, without the harness: a folder of this process, removed when it exits.
        if (-not $script:OwnSharedFolder) {
            $script:OwnSharedFolder = Join-Path ([IO.Path]::GetTempPath()) "kumatip-pester-shared-$PID"
            $null = New-Item -ItemType Directory -Path $script:OwnSharedFolder -Force
            $folder = $script:OwnSharedFolder
            $null = Register-EngineEvent -SourceIdentifier PowerShell.Exiting -Action { Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue }.GetNewClosure()
        }
        $shared = $script:OwnSharedFolder
        & chmod 0755 $shared
    }
    $target = Join-Path $shared $Name
    if (Test-Path -LiteralPath (Join-Path $target '.kumatip-complete')) { return (Join-Path $target (Split-Path $Source -Leaf)) }
    $staging = "$target.partial-$PID"
    $null = New-Item -ItemType Directory -Path $staging -Force
    & cp -a $Source $staging
    if ($LASTEXITCODE -ne 0) { throw "Copying $Source to $staging failed." }
    & chmod -R 'a+rX' $staging
    $null = New-Item -ItemType File -Path (Join-Path $staging '.kumatip-complete')
    & chmod 0644 (Join-Path $staging '.kumatip-complete')
    Move-Item -LiteralPath $staging -Destination $target   # whole or not at all: a half copy is never reused
    Join-Path $target (Split-Path $Source -Leaf)
}

# pwsh, the .NET it runs on and the module under test, as paths another OS user can use. Why: pwsh and the module
# sit in the repository's out/ (out/tools/pwsh-<v> is a .NET tool: an apphost that runs .store/…/pwsh.dll on the
# shared .NET runtime), and a checkout is often under /root or another user's home, which others cannot enter. Then
# readable copies are made (once per run, see Get-TestReadableCopy); here, with everything readable, they are used in place.
function Get-TestPwshForOtherUsers {
    if ($script:PwshForOtherUsers) { return $script:PwshForOtherUsers }
    $pwsh = Get-TestSetting KUMATIP_TEST_PWSH
    $module = if ($env:KUMATIP_TEST_MODULE) { $env:KUMATIP_TEST_MODULE } else { Join-Path (Get-TestSetting KUMATIP_TEST_REPO) 'out/KumaTip' }
    $toolFolder = Split-Path ([IO.Path]::GetFullPath($pwsh))
    $readableTool = Get-TestReadableCopy $toolFolder ('pwsh-' + $PSVersionTable.PSVersion)
    $readableModule = Get-TestReadableCopy ([IO.Path]::GetFullPath($module).TrimEnd('/')) 'module'
    # The runtime this pwsh runs on: <dotnet root>/shared/Microsoft.NETCore.App/<version>/.
    $runtime = [Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory().TrimEnd('/')
    $dotnetRoot = Split-Path (Split-Path (Split-Path $runtime))
    $readableRoot = $dotnetRoot
    if (-not ((Test-ReadableByOthers (Join-Path $dotnetRoot 'host')) -and (Test-ReadableByOthers $runtime) -and (Test-ReadableByOthers (Join-Path $dotnetRoot 'dotnet')))) {
        $readableRoot = Get-TestReadableCopy $dotnetRoot 'dotnet'
    }
    $script:PwshForOtherUsers = [pscustomobject]@{
        Pwsh       = Join-Path $readableTool (Split-Path $pwsh -Leaf)
        Module     = $readableModule
        DotnetRoot = $readableRoot
    }
    $script:PwshForOtherUsers
}

# Runs $Script in a real pwsh (the one in KUMATIP_TEST_PWSH, or its readable copy) as OS user $User via
# `runuser -u <user> --`, in a clean environment: HOME and KUMATIP_HOME (<home>/.kumatip) in that user's home,
# PATH, DOTNET_ROOT, KUMATIP_TEST_MODULE (a module path that user can import), the KUMATIP_TEST_PG_HOST/_PORT/_BIN
# of the test cluster (never its admin password), and -Environment on top. Returns ExitCode, StdOut and StdErr.
function Invoke-PwshAsUser {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $User,
        [Parameter(Mandatory)] [string] $Script,
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 300
    )
    if (-not (Test-TestRoot)) { throw "Invoke-PwshAsUser needs root. $(Get-TestOsUserSkipReason)" }
    $entry = & getent passwd $User
    if (-not $entry) { throw "There is no OS user '$User'." }
    $userHome = ($entry -split ':')[5]
    $tools = Get-TestPwshForOtherUsers

    $start = [Diagnostics.ProcessStartInfo]::new('runuser')
    foreach ($argument in '-u', $User, '--', $tools.Pwsh, '-NoProfile', '-NonInteractive', '-EncodedCommand',
        [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))) {
        $start.ArgumentList.Add($argument)
    }
    $start.WorkingDirectory = $userHome
    $start.RedirectStandardInput = $true
    $start.RedirectStandardOutput = $true
    $start.RedirectStandardError = $true
    $start.UseShellExecute = $false
    # Nothing of this (root) process leaks in: only what a user's own shell would have, plus the test's settings.
    $start.Environment.Clear()
    $variables = [ordered]@{
        HOME                        = $userHome
        USER                        = $User
        LOGNAME                     = $User
        PATH                        = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
        LANG                        = 'C.UTF-8'
        TMPDIR                      = '/tmp'
        KUMATIP_HOME                = Join-Path $userHome '.kumatip'
        KUMATIP_TEST_MODULE         = $tools.Module
        KUMATIP_TEST_PWSH           = $tools.Pwsh
        DOTNET_ROOT                 = $tools.DotnetRoot
        DOTNET_CLI_TELEMETRY_OPTOUT = '1'
        POWERSHELL_TELEMETRY_OPTOUT = '1'
        POWERSHELL_UPDATECHECK      = 'Off'
        NO_COLOR                    = '1'
    }
    foreach ($name in 'KUMATIP_TEST_PG_HOST', 'KUMATIP_TEST_PG_PORT', 'KUMATIP_TEST_PG_BIN') {
        if ([Environment]::GetEnvironmentVariable($name)) { $variables[$name] = [Environment]::GetEnvironmentVariable($name) }
    }
    foreach ($key in $Environment.Keys) { $variables["$key"] = "$($Environment[$key])" }
    foreach ($key in $variables.Keys) { $start.Environment[$key] = $variables[$key] }

    $process = [Diagnostics.Process]::Start($start)
    try {
        $process.StandardInput.Close()
        $stdout = $process.StandardOutput.ReadToEndAsync()
        $stderr = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit($TimeoutSeconds * 1000)) {
            $process.Kill($true)
            throw "pwsh as $User still ran after $TimeoutSeconds s and was killed."
        }
        $process.WaitForExit()
        [pscustomobject]@{
            PSTypeName = 'KumaTip.PwshAsUserResult'
            User       = $User
            ExitCode   = $process.ExitCode
            StdOut     = $stdout.GetAwaiter().GetResult()
            StdErr     = $stderr.GetAwaiter().GetResult()
        }
    }
    finally { $process.Dispose() }
}

Export-ModuleMember -Function *
