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

Export-ModuleMember -Function *
