# The connection on real pwsh: Set-/Get-TipSettings round trip, Test-TipConnection against the simulator, TLS that
# is verified (the wrong CA fails, clearly), a disabled connection that buys nothing, and tenants kept apart.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    $script:simDir = Get-TestSetting KUMATIP_TEST_SIM_DIR
    $script:endpoint = Get-TestSetting KUMATIP_TEST_SIM_ENDPOINT
}

Describe 'Set-TipSettings, Get-TipSettings and Test-TipConnection' {
    BeforeEach { New-TestHome | Out-Null }

    It 'saves what it is given and shows it back' {
        Connect-Simulator
        Set-TipSettings -MaxRecords 25 -CacheTtl ([timespan]::FromDays(2)) -ThrottleLimit 3
        $settings = Get-TipSettings
        $settings.Secret | Should -Be 'sim'
        "$($settings.Endpoint)".TrimEnd('/') | Should -Be $endpoint
        $settings.MaxRecords | Should -Be 25
        $settings.CacheTtl | Should -Be ([timespan]::FromDays(2))
        $settings.ThrottleLimit | Should -Be 3
        $settings.TrustedCa | Should -Match 'KumaTip Simulator CA'
    }

    It 'connects to the simulator and reports the quota' {
        Connect-Simulator
        $test = Test-TipConnection
        $test.Succeeded | Should -BeTrue
        $test.DayQuota | Should -BeGreaterThan 0
        "$($test.AccessType)" | Should -Be 'Commercial'
    }

    It 'fails, saying why, when the server certificate is not trusted (TLS is never switched off)' {
        Connect-Simulator
        # A CA of its own that did not sign the simulator's certificate: the simulator's client CA is not it either.
        $rsa = [Security.Cryptography.RSA]::Create(2048)
        $request = [Security.Cryptography.X509Certificates.CertificateRequest]::new('CN=Someone Else CA', $rsa, 'SHA256', [Security.Cryptography.RSASignaturePadding]::Pkcs1)
        $request.CertificateExtensions.Add([Security.Cryptography.X509Certificates.X509BasicConstraintsExtension]::new($true, $false, 0, $true))
        $other = $request.CreateSelfSigned([datetimeoffset]::UtcNow.AddDays(-1), [datetimeoffset]::UtcNow.AddDays(30))
        $otherPem = Join-Path $TestDrive 'other-ca.pem'
        Set-Content -LiteralPath $otherPem -Value $other.ExportCertificatePem()
        Set-TipSettings -TrustedCaPath $otherPem
        $before = Get-SimulatorRequestCount
        $test = Test-TipConnection -ErrorAction SilentlyContinue
        $test.Succeeded | Should -BeFalse
        $test.Message | Should -Match 'certificate'
        (Get-SimulatorRequestCount) - $before | Should -Be 0
    }

    It 'buys nothing while the connection is disabled, and says so' {
        Connect-Simulator
        Set-TipSettings -Disabled
        $before = Get-SimulatorRequestCount
        $failure = $null
        try { Invoke-TipLookup 'disabled-check.example' -ErrorAction Stop } catch { $failure = $_ }
        "$failure" | Should -Match 'disabled'
        (Get-SimulatorRequestCount) - $before | Should -Be 0
        Set-TipSettings -Disabled:$false
        (Invoke-TipLookup 'disabled-check.example').Found | Should -Not -BeNullOrEmpty
    }

    It 'keeps tenants apart: settings, secrets and cache' {
        Connect-Simulator -Tenant 'Main'
        Connect-Simulator -Tenant 'Branch' -Secret 'branch'
        Set-TipSettings -Tenant 'Branch' -MaxRecords 3
        (Get-TipSettings -Tenant 'Main').MaxRecords | Should -Be 10
        (Get-TipSettings -Tenant 'Branch').MaxRecords | Should -Be 3
        @(Get-TipSecret -Tenant 'Branch').Name | Should -Be @('branch')
        Invoke-TipLookup 'tenant-split.example' -Tenant 'Main' | Out-Null
        @(Get-TipLookup 'tenant-split.example' -Tenant 'Main').Count | Should -Be 1
        @(Get-TipLookup 'tenant-split.example' -Tenant 'Branch' -ErrorAction SilentlyContinue -ErrorVariable missing).Count | Should -Be 0
        "$missing" | Should -Match "not in the cache of tenant 'Branch'"
    }

    It 'shows a proxy user but never its password' {
        Connect-Simulator
        $proxyCredential = [pscredential]::new('proxyuser', (ConvertTo-TestSecureString 'proxy-pass-7731'))
        $shown = Set-TipSettings -Proxy 'http://proxy.corp:3128' -ProxyCredential $proxyCredential -PassThru | Format-List * | Out-String
        $shown | Should -Match 'proxyuser'
        $shown | Should -Not -Match 'proxy-pass-7731'
        (Get-TipSettings | ConvertTo-Json) | Should -Not -Match 'proxy-pass-7731'
    }
}
