# API tokens on real pwsh, as a user meets them: a token pasted into Read-Host -AsSecureString becomes a token secret,
# the connection signs in with it (a Bearer header, no client certificate) for Test-TipConnection, Invoke-TipLookup and
# Update-TipLookup, the portal's TokenExpirationDate is kept and warned about when near, the token is rotated with
# Set-TipSecret -ApiToken, and no stream, transcript or file ever holds a token.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    $script:account = Get-SimulatorAccount
    $script:soon = @($account.Accounts | Where-Object Kind -EQ 'TokenExpiringSoon')[0]
    $script:tokenRequests = { param([string] $Value) @(Get-SimulatorRequest -Value $Value) }
}

Describe 'A token secret, from New-TipSecret -ApiToken to a rotated token' {
    BeforeEach { $script:dataHome = New-TestHome }

    It 'stores the token as a token secret shown only by its last four characters' {
        $secret = New-TipSecret -Name sim-token -ApiToken (ConvertTo-TestSecureString $account.ApiToken) -Description 'lab token'
        $secret.Authentication | Should -Be 'ApiToken'
        $secret.TokenHint | Should -Be ('*****' + $account.ApiToken.Substring($account.ApiToken.Length - 4))
        $secret.User | Should -BeNullOrEmpty
        $table = Get-TipSecret | Format-Table | Out-String -Width 200
        $table | Should -Match ([regex]::Escape($secret.TokenHint))
        (Get-TipSecret | Format-List | Out-String -Width 200) | Should -Match 'Authentication\s*:\s*ApiToken'
        Assert-NoSecretIn ($table + (Get-TipSecret | Format-List * | Out-String -Width 400) + (Get-TipSecret | ConvertTo-Json -Depth 5)) 'a token secret as shown'
    }

    It 'refuses -ApiToken together with -Credential, and a pasted "Bearer" prefix, storing nothing' {
        $credential = [pscredential]::new($account.User, (ConvertTo-TestSecureString $account.Password))
        { New-TipSecret -Name both -ApiToken (ConvertTo-TestSecureString $account.ApiToken) -Credential $credential -ErrorAction Stop } |
            Should -Throw -ErrorId 'AmbiguousParameterSet,KumaTip.PowerShell.Commands.NewTipSecretCommand'
        $failure = $null
        try { New-TipSecret -Name pasted -ApiToken (ConvertTo-TestSecureString ('Bearer ' + $account.ApiToken)) -ErrorAction Stop }
        catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'ApiTokenInvalid,*'
        "$failure" | Should -Match "'Bearer '"
        Assert-NoSecretIn "$failure" 'the error for a pasted Bearer prefix'
        @(Get-TipSecret).Count | Should -Be 0
    }

    It 'connects, looks up and refreshes with the token: a Bearer header and no client certificate' {
        Connect-SimulatorWithToken
        (Get-TipSettings).SecretAuthentication | Should -Be 'ApiToken'
        (Get-TipSettings | Format-List | Out-String) | Should -Match 'sim-token \(ApiToken\)'

        $test = Test-TipConnection
        $test.Succeeded | Should -BeTrue -Because $test.Message
        $test.Authentication | Should -Be 'ApiToken'
        $test.TokenExpirationDate | Should -Not -BeNullOrEmpty
        $test.Message | Should -Match 'API token that expires on'

        $value = 'token-run-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.example.com'
        $result = Invoke-TipLookup -Indicator $value -ErrorAction Stop
        $result.Indicator | Should -Be $value
        $result.FromCache | Should -BeFalse
        $refreshed = @(Get-TipLookup -Indicator $value | Update-TipLookup -ErrorAction Stop)
        $refreshed.Count | Should -Be 1
        $refreshed[0].FromCache | Should -BeFalse

        $requests = & $tokenRequests $value
        $requests.Count | Should -Be 2
        foreach ($request in $requests) {
            $request.Status | Should -Be 200
            $request.Authentication | Should -Be 'Bearer'
            $request.ClientCertificate | Should -BeFalse
            $request.Account | Should -Be $account.User
        }
        $license = Get-TipLicense
        $license.TokenExpirationDate | Should -Be $test.TokenExpirationDate
    }

    It 'warns ahead of expiry, and a rotated token is used from the next command on' {
        Connect-SimulatorWithToken -User $soon.User
        $value = 'token-soon-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.example.com'

        $test = Test-TipConnection -WarningVariable testWarnings -WarningAction SilentlyContinue
        $test.Succeeded | Should -BeTrue -Because $test.Message
        $null = Invoke-TipLookup -Indicator $value -WarningVariable lookupWarnings -WarningAction SilentlyContinue
        "$testWarnings" | Should -Match "API token of secret 'sim-token' expires on .* \(in \d+ days"
        "$lookupWarnings" | Should -Match 'Set-TipSecret -Name .sim-token. -ApiToken'

        $rotated = Set-TipSecret -Name sim-token -ApiToken (ConvertTo-TestSecureString $account.ApiToken) -PassThru
        $rotated.TokenHint | Should -Be ('*****' + $account.ApiToken.Substring($account.ApiToken.Length - 4))
        $null = Get-TipLicense -WarningVariable staleWarnings -WarningAction SilentlyContinue
        $staleWarnings.Count | Should -Be 0 -Because 'the licence seen so far described the old token'

        $null = Invoke-TipLookup -Indicator $value -Force -WarningVariable rotatedWarnings -WarningAction SilentlyContinue
        $rotatedWarnings.Count | Should -Be 0
        (& $tokenRequests $value | Select-Object -ExpandProperty Account) | Should -Be @($soon.User, $account.User)
    }

    It 'says what to do when the portal refuses the token' {
        $null = New-TipSecret -Name revoked -ApiToken (ConvertTo-TestSecureString ('revoked-' + [guid]::NewGuid().ToString('N')))
        Set-TipSettings -Secret revoked -Endpoint (Get-TestSetting KUMATIP_TEST_SIM_ENDPOINT) -TrustedCaPath (Join-Path (Get-TestSetting KUMATIP_TEST_SIM_DIR) 'ca.pem')
        $test = Test-TipConnection
        $test.Succeeded | Should -BeFalse
        $test.StatusCode | Should -Be 401
        $test.Message | Should -Match 'API token'
        $test.Message | Should -Match 'Set-TipSecret -ApiToken'
    }

    It 'never writes a token to any stream or the transcript, even with -Verbose and -Debug, nor to a file in clear' {
        $transcript = Join-Path $TestDrive 'tokens-transcript.txt'
        Start-Transcript -LiteralPath $transcript | Out-Null
        try {
            # -Debug turns warnings into prompts unless -WarningAction says otherwise, and the soon-expiring token warns.
            $everything = & {
                New-TipSecret -Name sim-token -ApiToken (ConvertTo-TestSecureString $soon.ApiToken) -Verbose -Debug
                Set-TipSettings -Secret sim-token -Endpoint (Get-TestSetting KUMATIP_TEST_SIM_ENDPOINT) `
                    -TrustedCaPath (Join-Path (Get-TestSetting KUMATIP_TEST_SIM_DIR) 'ca.pem') -Verbose -PassThru | Format-List
                Test-TipConnection -Verbose -Debug -WarningAction Continue | Format-List *
                Invoke-TipLookup -Indicator 'sim-503-token-stream.example.com', 'token-stream.example.com' -Verbose -Debug -WarningAction Continue | Format-List *
                Get-TipLookup -Indicator 'token-stream.example.com' | Update-TipLookup -Verbose -Debug -WarningAction Continue | Format-List *
                Set-TipSecret -Name sim-token -ApiToken (ConvertTo-TestSecureString $account.ApiToken) -Verbose -Debug -PassThru | Format-List *
                Get-TipTask -Verbose | Format-List *
                Get-TipLicense -Verbose -WarningAction Continue | Format-List *
                Get-TipSecret -Verbose -Debug | Format-List *
                New-TipSecret -Name broken -ApiToken (ConvertTo-TestSecureString ('Bearer ' + $account.ApiToken)) -ErrorAction Continue
            } *>&1 | Out-String -Width 400
        } finally {
            Stop-Transcript | Out-Null
        }
        $everything | Should -Match 'sim-token'
        $everything | Should -Match 'The API token of secret .sim-token. expires on'
        Assert-NoSecretIn $everything 'the output, error, verbose, debug, warning and information streams'
        Assert-NoSecretIn (Get-Content -LiteralPath $transcript -Raw) 'the transcript'
        $report = Join-Path $TestDrive 'tokens-report.html'
        Get-TipLookup | Export-TipReport -Path $report -Format Html | Out-Null
        Assert-NoSecretIn (Get-Content -LiteralPath $report -Raw) 'an HTML report'
        foreach ($file in @(Get-ChildItem -LiteralPath $dataHome -Recurse -File -Force)) {
            $bytes = [IO.File]::ReadAllBytes($file.FullName)
            foreach ($encoding in [Text.Encoding]::UTF8, [Text.Encoding]::Unicode) {
                Assert-NoSecretIn ($encoding.GetString($bytes)) "$($file.Name) read as $($encoding.EncodingName)"
            }
        }
    }
}
