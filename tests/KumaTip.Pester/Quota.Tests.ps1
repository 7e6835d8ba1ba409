# Simulator: DayQuota=40
# The quota as a budget on real pwsh against a simulator whose account may make 40 requests a day and refuses the
# rest with 403 (tip-api.md §7): a run sends exactly what the quota leaves, the portal refuses none, the rest stays
# pending; -MaxRequests caps one run with a warning; -WhatIf compares its forecast with both.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    $script:run = [guid]::NewGuid().ToString('N').Substring(0, 8)
    New-TestHome | Out-Null
    Connect-Simulator
    function Get-Refused { @(Get-SimulatorRequest | Where-Object Status -EQ 403).Count }
}

Describe '-MaxRequests' {
    It 'forecasts with -WhatIf how many would stay pending' {
        $transcript = Join-Path $TestDrive 'whatif.txt'
        Start-Transcript -LiteralPath $transcript | Out-Null
        try { 1..10 | ForEach-Object { "cap-$_-$run.example" } | Invoke-TipLookup -MaxRequests 4 -WhatIf } finally { Stop-Transcript | Out-Null }
        Get-Content -LiteralPath $transcript -Raw | Should -Match '-MaxRequests 4: 4 would be requested and 6 would stay pending'
    }

    It 'sends at most N requests, leaves the rest pending and warns how to continue' {
        $before = @(Get-SimulatorRequest -Answered).Count
        $out = @(1..10 | ForEach-Object { "cap-$_-$run.example" } | Invoke-TipLookup -MaxRequests 4 -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
        @(Get-SimulatorRequest -Answered).Count - $before | Should -Be 4
        $out.Count | Should -Be 4
        $task = @(Get-TipTask)[0]
        $task.Pending | Should -Be 6
        "$warned" | Should -Match '-MaxRequests 4 was reached: 6 indicator\(s\)'
        "$warned" | Should -Match "Restart-TipTask -Id $($task.Id)"
    }

    It 'caps Restart-TipTask too' {
        $task = @(Get-TipTask)[0]
        Restart-TipTask -Id $task.Id -MaxRequests 2 -Confirm:$false -WarningAction SilentlyContinue | Out-Null
        (Get-TipTask -Id $task.Id).Pending | Should -Be 4
    }
}

Describe 'The day quota is a budget that is never overrun' {
    It 'sends exactly what the quota leaves with 16 requests at once, and the portal refuses none' {
        $used = @(Get-SimulatorRequest -Answered).Count
        $left = 40 - $used
        $left | Should -BeGreaterThan 10
        $refusedBefore = Get-Refused
        $out = @(1..80 | ForEach-Object { "budget-$_-$run.example" } | Invoke-TipLookup -ThrottleLimit 16 -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
        @(Get-SimulatorRequest -Answered).Count | Should -Be 40
        (Get-Refused) - $refusedBefore | Should -Be 0
        $out.Count | Should -Be $left
        (@(Get-TipTask)[0]).Pending | Should -Be (80 - $left)
        "$warned" | Should -Match 'quota'
    }

    It 'keeps the day''s count the portal last reported, the highest of the parallel answers' {
        # Parallel answers arrive out of order: the count kept must be the highest, or the next run sees room that is not there.
        (Get-TipLicense).DayRequests | Should -Be 40
        (Get-TipLicense).Remaining | Should -Be 0
    }

    It 'sends nothing at all once the quota is used up, and leaves the lookup pending' {
        $refusedBefore = Get-Refused
        $before = @(Get-SimulatorRequest).Count
        $out = @(Invoke-TipLookup "after-$run.example" -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
        @(Get-SimulatorRequest).Count - $before | Should -Be 0
        (Get-Refused) - $refusedBefore | Should -Be 0
        $out.Count | Should -Be 0
        (@(Get-TipTask)[0]).Pending | Should -Be 1
    }
}
