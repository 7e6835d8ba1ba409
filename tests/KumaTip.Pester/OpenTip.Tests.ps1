# The free OpenTIP portal on real pwsh, as a user without a commercial licence meets it: a tenant set to -Service OpenTip
# with a token secret looks every indicator type up (x-api-key, no sections, no record count), answers are cached apart
# from TIP's, -Section/-MaxRecords are refused with what to do, and Submit-TipFile sends a file to the sandbox, asks
# first, uploads once, and a restart polls instead of uploading again. No stream or file ever holds the key.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    $script:eicar = '44d88612fea8a8f36de82e1278abb02f'
    function script:New-Sample([string] $Name) {
        $path = Join-Path $TestDrive $Name
        [IO.File]::WriteAllBytes($path, [Security.Cryptography.RandomNumberGenerator]::GetBytes(4096))
        $path
    }
    function script:Get-Sha256([string] $Path) { (Get-FileHash -LiteralPath $Path -Algorithm SHA256).Hash.ToLowerInvariant() }
    function script:Get-UploadCount { @(Get-SimulatorRequest | Where-Object Endpoint -EQ 'opentip/scan/file').Count }
}

Describe 'Lookups on OpenTIP' {
    BeforeEach {
        $script:dataHome = New-TestHome
        Connect-OpenTipSimulator
    }

    It 'looks every indicator type up on OpenTIP and says so in each result' {
        $before = @(Get-SimulatorRequest | Where-Object Account -EQ 'opentip').Count
        $results = @($eicar, '45.142.212.61', 'update-secure-login.com', 'http://update-secure-login.com/verify/account.php' | Invoke-TipLookup)

        $results | Should -HaveCount 4
        $results.Service | Sort-Object -Unique | Should -Be 'OpenTip'
        ($results | Where-Object Indicator -EQ $eicar).Status | Should -Be 'Malware'
        ($results | Where-Object Indicator -EQ $eicar).Details.DynamicAnalysisResults | Should -Not -BeNullOrEmpty
        $sent = @(Get-SimulatorRequest | Where-Object Account -EQ 'opentip')
        $sent.Count - $before | Should -Be 4
        @($sent | Select-Object -Last 4).Endpoint | Sort-Object | Should -Be @('opentip/search/domain', 'opentip/search/hash', 'opentip/search/ip', 'opentip/search/url')
        (Get-TipSettings).Service | Should -Be 'OpenTip'
    }

    It 'serves a repeat from the cache, but never an OpenTIP answer to a TIP lookup' {
        'cached-twice.example.com' | Invoke-TipLookup | Out-Null
        $before = Get-SimulatorRequestCount
        ('cached-twice.example.com' | Invoke-TipLookup).FromCache | Should -BeTrue
        (Get-SimulatorRequestCount) - $before | Should -Be 0

        Connect-Simulator -Secret tip
        Set-TipSettings -Service Tip -Endpoint (Get-TestSetting KUMATIP_TEST_SIM_ENDPOINT)
        $tip = 'cached-twice.example.com' | Invoke-TipLookup
        $tip.FromCache | Should -BeFalse
        $tip.Service | Should -Be 'Tip'
        @(Get-TipLookup -Indicator 'cached-twice.example.com').Service | Sort-Object | Should -Be @('OpenTip', 'Tip')
    }

    It 'refuses -Section and -MaxRecords on OpenTIP before sending anything, and says what to do' {
        $before = Get-SimulatorRequestCount
        $failure = $null
        try { 'refused.example.com' | Invoke-TipLookup -Section Zone -ErrorAction Stop } catch { $failure = $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'TipParameterNotForService,*'
        "$failure" | Should -Match 'OpenTIP'
        "$failure" | Should -Match 'Leave -Section out'
        { 'refused.example.com' | Invoke-TipLookup -MaxRecords 5 -ErrorAction Stop } | Should -Throw -ErrorId 'TipParameterNotForService,*'
        (Get-SimulatorRequestCount) - $before | Should -Be 0
    }

    It 'refuses a certificate secret for OpenTIP before any request' {
        Connect-Simulator -Secret certificate
        Set-TipSettings -Service OpenTip -Secret certificate -Endpoint (Get-TestSetting KUMATIP_TEST_OPENTIP_ENDPOINT)
        $failure = $null
        try { 'cert.example.com' | Invoke-TipLookup -ErrorAction Stop } catch { $failure = $_ }

        "$failure" | Should -Match 'API token only'
        Assert-NoSecretIn "$failure" 'the refusal of a certificate secret on OpenTIP'
    }
}

Describe 'Submit-TipFile' {
    BeforeEach {
        $script:dataHome = New-TestHome
        Connect-OpenTipSimulator
    }

    It 'uploads a new file once, waits for the sandbox and returns its verdict, cached and in the task manager' {
        $sample = New-Sample 'dropper.exe'
        $uploads = Get-UploadCount
        $result = Submit-TipFile -Path $sample -PollInterval 00:00:01 -Confirm:$false

        $result.Indicator | Should -Be (Get-Sha256 $sample)
        $result.Service | Should -Be 'OpenTip'
        $result.Details.DynamicAnalysisResults | Should -Not -BeNullOrEmpty
        (Get-UploadCount) - $uploads | Should -Be 1
        $task = @(Get-TipTask | Where-Object Type -EQ 'ThreatAnalysis')[0]
        $task.Status | Should -Be 'Completed'
        $task.FileName | Should -Be 'dropper.exe'
        (Get-TipLookup -Indicator $result.Indicator).Service | Should -Be 'OpenTip'
    }

    It 'does not upload a file OpenTIP has analysed already, unless -Force' {
        $sample = New-Sample 'known.exe'
        $uploads = Get-UploadCount
        Submit-TipFile -LiteralPath $sample -PollInterval 00:00:01 -Confirm:$false | Out-Null

        $again = Submit-TipFile -LiteralPath $sample -Confirm:$false -Verbose 4>&1
        ($again | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String) | Should -Match 'nothing was uploaded'
        (Get-UploadCount) - $uploads | Should -Be 1

        Submit-TipFile -LiteralPath $sample -Force -PollInterval 00:00:01 -Confirm:$false | Out-Null
        (Get-UploadCount) - $uploads | Should -Be 2
    }

    It 'sends nothing under -WhatIf, and refuses a missing file and a folder by name' {
        $before = Get-SimulatorRequestCount
        Submit-TipFile -Path (New-Sample 'whatif.exe') -WhatIf | Should -BeNullOrEmpty
        $missing = Join-Path $TestDrive 'not-there.exe'
        { Submit-TipFile -LiteralPath $missing -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'FileNotFound,*'
        { Submit-TipFile -LiteralPath $TestDrive -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'PathIsFolder,*'
        (Get-SimulatorRequestCount) - $before | Should -Be 0
    }

    It 'leaves a restartable task when the result takes too long, and Restart-TipTask polls without uploading again' {
        $sample = New-Sample 'slow.exe'
        $uploads = Get-UploadCount
        $failure = $null
        try { Submit-TipFile -Path $sample -Timeout 00:00:00 -Confirm:$false -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -BeLike 'AnalysisTimedOut,*'
        $task = @(Get-TipTask | Where-Object Type -EQ 'ThreatAnalysis')[0]
        "$failure" | Should -Match "Restart-TipTask -Id $($task.Id)"
        $task.Status | Should -Be 'Cancelled'

        $restarted = Restart-TipTask -Id $task.Id -PollInterval 00:00:01 -Confirm:$false
        $restarted.Status | Should -Be 'Completed'
        (Get-UploadCount) - $uploads | Should -Be 1
        (Receive-TipTask -Id $task.Id).Details.DynamicAnalysisResults | Should -Not -BeNullOrEmpty
    }

    It 'refuses on a TIP tenant instead of guessing at its sandbox' {
        Connect-Simulator -Tenant Lab
        { Submit-TipFile -Path (New-Sample 'tip.exe') -Tenant Lab -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'TipServiceLacksFileAnalysis,*'
    }

    It 'never shows the OpenTIP key in any stream or file' {
        $all = Submit-TipFile -Path (New-Sample 'secret.exe') -PollInterval 00:00:01 -Confirm:$false -Verbose -Debug -WarningAction Continue *>&1 | Out-String
        Assert-NoSecretIn ($all + (Get-TipTask | ConvertTo-Json -Depth 4) + (Get-TipSettings | Out-String)) 'Submit-TipFile output and task records'
    }
}
