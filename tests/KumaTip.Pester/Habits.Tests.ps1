# Everyday PowerShell habits on real pwsh (issue 13): -Confirm before paid requests, a bare Clear-TipCache that
# needs -All, columns found by name (one list with Import-TipIndicator), -Disabled as a switch, messages that name
# what exists, the job's TaskId, and Get-Help -Online. The harness runs pwsh -NonInteractive: a prompt cannot be
# answered there, which is what a scheduled runbook meets too.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    $script:run = [guid]::NewGuid().ToString('N').Substring(0, 8)
    New-TestHome | Out-Null
    Connect-Simulator
}

Describe 'Confirmation before paid or destructive work' {
    It 'asks before buying under -Confirm, and buys nothing when the question cannot be answered' {
        $before = Get-SimulatorRequestCount
        { Invoke-TipLookup "confirm-$run.example" -Confirm -ErrorAction Stop } | Should -Throw
        (Get-SimulatorRequestCount) - $before | Should -Be 0
        @(Get-TipTask | Where-Object Total -GT 0).Count | Should -Be 0
    }

    It 'buys with -Confirm:$false and under the default $ConfirmPreference' {
        (Invoke-TipLookup "confirm-$run.example" -Confirm:$false).Indicator | Should -Be "confirm-$run.example"
        (Invoke-TipLookup "default-$run.example").Indicator | Should -Be "default-$run.example"
    }

    It 'asks once per batch when $ConfirmPreference is Medium' {
        $ConfirmPreference = 'Medium'
        $before = Get-SimulatorRequestCount
        { "medium-a-$run.example", "medium-b-$run.example" | Invoke-TipLookup -ErrorAction Stop } | Should -Throw
        (Get-SimulatorRequestCount) - $before | Should -Be 0
    }

    It 'refuses a bare Clear-TipCache and clears everything with -All' {
        $count = @(Get-TipLookup).Count
        $count | Should -BeGreaterThan 0
        { Clear-TipCache -ErrorAction Stop } | Should -Throw -ExpectedMessage '*-All*'
        @(Get-TipLookup).Count | Should -Be $count
        Clear-TipCache -All -Confirm:$false
        @(Get-TipLookup -ErrorAction SilentlyContinue).Count | Should -Be 0
    }
}

Describe 'Indicator columns found by name' {
    It 'reads Observable, SourceIp and sha256 columns without -Property' {
        $rows = @(
            [pscustomobject]@{ Observable = "observable-$run.example"; Note = 'a' }
            [pscustomobject]@{ SourceIp = '203.0.113.9'; Note = 'b' }
            [pscustomobject]@{ sha256 = ('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'); Note = 'c' }
        )
        $out = @($rows | Invoke-TipLookup -PassThru)
        $out.Count | Should -Be 3
        $out.Note | Should -Be @('a', 'b', 'c')
        @($out | Where-Object { $_.TipError }).Count | Should -Be 0
        @($out | Where-Object { $_.TipZone }).Count | Should -Be 3
    }

    It 'takes the first of several indicator columns and says which' {
        $row = [pscustomobject]@{ IP = '198.51.100.23'; Domain = "both-$run.example" }
        $result = $row | Invoke-TipLookup -WarningVariable warned -WarningAction SilentlyContinue
        $result.Indicator | Should -Be "both-$run.example"
        "$warned" | Should -Match "'Domain' and 'IP'"
        "$warned" | Should -Match '-Property IP'
    }

    It 'names the columns a row has when none holds an indicator' {
        $row = [pscustomobject]@{ Host_Name = 'x'; Comment = 'y' }
        $out = @($row | Invoke-TipLookup -PassThru -ErrorVariable problems -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $out[0].TipError | Should -Match 'Host_Name, Comment'
        $out[0].TipError | Should -Match '-Property'
        "$problems" | Should -Not -Match 'IndicatorParser|LookupSession'
    }

    It 'says how to look into prose without naming internals' {
        $failure = $null
        try { Invoke-TipLookup 'seen evil.com today' -ErrorAction Stop } catch { $failure = $_ }
        "$failure" | Should -Match 'Import-TipIndicator -Text'
        "$failure" | Should -Not -Match 'IndicatorParser'
    }

    It 'uses the same column list as Import-TipIndicator' {
        $csv = Join-Path $TestDrive 'observables.csv'
        [pscustomobject]@{ DestinationIp = '192.0.2.44'; Note = 'x' } | Export-Csv -LiteralPath $csv -NoTypeInformation
        @(Import-TipIndicator -Path $csv).Value | Should -Be '192.0.2.44'
        (Import-Csv -LiteralPath $csv | Invoke-TipLookup).Indicator | Should -Be '192.0.2.44'
    }
}

Describe 'Settings and messages' {
    It 'takes -Disabled as a switch and -Disabled:$false to switch back on' {
        Set-TipSettings -Disabled
        (Get-TipSettings).Disabled | Should -BeTrue
        Set-TipSettings -Disabled:$false
        (Get-TipSettings).Disabled | Should -BeFalse
    }

    It 'names the secret that exists when none is selected' {
        Set-TipSettings -Secret $null
        $failure = $null
        try { Invoke-TipLookup "nosecret-$run.example" -ErrorAction Stop } catch { $failure = $_ }
        "$failure" | Should -Match "-Secret 'sim'"
        "$failure" | Should -Not -Match 'New-TipSecret'
        $failure.TargetObject | Should -Be 'Main'
        Set-TipSettings -Secret sim
    }
}

Describe '-Verbose and -Debug' {
    It 'says where requests go, what the cache answered, what was requested and the quota' {
        $first = Invoke-TipLookup "verbose-$run.example" -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($first -join "`n") | Should -Match ([regex]::Escape((Get-TestSetting KUMATIP_TEST_SIM_ENDPOINT)))
        ($first -join "`n") | Should -Match "verbose-$run\.example: requesting"
        ($first -join "`n") | Should -Match 'Quota: \d+ of \d+ requests used today'
        $second = Invoke-TipLookup "verbose-$run.example" -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($second -join "`n") | Should -Match "verbose-$run\.example: from the cache"
        Assert-NoSecretIn (($first + $second) -join "`n") 'the verbose stream'
    }

    It 'shows each retry with its reason' {
        $lines = Invoke-TipLookup "sim-503-retry-$run.example" -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($lines -join "`n") | Should -Match "Attempt 1 of \d+ to look up the domain 'sim-503-retry-$run\.example' failed \(.*503.*\); trying again in"
    }

    It 'shows request timings under -Debug' {
        # -Debug would ask "Continue with this operation?" at each line in some hosts; the preference is how scripts turn it on.
        $DebugPreference = 'Continue'
        $lines = Invoke-TipLookup "debug-$run.example" 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message
        ($lines -join "`n") | Should -Match "debug-$run\.example: answered 200 in \d+ ms"
    }

    It 'queues nothing without -Verbose' {
        (Invoke-TipLookup "quiet-$run.example" 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }) | Should -BeNullOrEmpty
    }
}

Describe 'Jobs and help' {
    It 'returns the job with its TaskId set, so Stop-TipTask $job.TaskId works at once' {
        $job = Invoke-TipLookup "sim-slow-job1-$run.example", "sim-slow-job2-$run.example" -ThrottleLimit 1 -AsJob
        try {
            $job.TaskId | Should -Not -BeNullOrEmpty
            Stop-TipTask $job.TaskId -Confirm:$false
            $job | Wait-Job -Timeout 120 | Out-Null
            "$((Get-TipTask -Id $job.TaskId).Status)" | Should -Be 'Cancelled'
        } finally {
            $job | Remove-Job -Force
        }
    }

    It 'links every cmdlet to its page for Get-Help -Online' {
        foreach ($command in Get-Command -Module KumaTip) {
            $command.HelpUri | Should -Be "https://github.com/kumatip/kumatip/blob/main/docs/cmdlets/$($command.Name).md"
            $page = Join-Path (Get-TestSetting KUMATIP_TEST_REPO) "docs/cmdlets/$($command.Name).md"
            Test-Path -LiteralPath $page | Should -BeTrue
        }
        (Get-Help Invoke-TipLookup).relatedLinks.navigationLink.uri | Should -Be 'https://github.com/kumatip/kumatip/blob/main/docs/cmdlets/Invoke-TipLookup.md'
    }
}
