# The task manager on real pwsh: every lookup is a task; Get-, Receive-, Stop- and Restart-TipTask; -AsJob with the
# job cmdlets. Values named sim-slow-* take the simulator two seconds each, long enough to stop a task midway.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'Support/KumaTipTest.psm1') -Force
    Import-KumaTipUnderTest
    New-TestHome | Out-Null
    Connect-Simulator

    function Wait-Until([scriptblock] $Condition, [string] $What, [int] $Seconds = 120) {
        $deadline = [datetime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([datetime]::UtcNow -gt $deadline) { throw "Timed out after $Seconds s waiting until $What." }
            Start-Sleep -Milliseconds 100
        }
    }
}

Describe 'Get-TipTask and Receive-TipTask' {
    BeforeAll {
        $script:results = @('task-a.example', 'task-b.example', '1.2.3.4' | Invoke-TipLookup)
        $script:task = Get-TipTask -Id $results[0].TaskId
    }

    It 'records a lookup as a completed task with its counts' {
        "$($task.Status)" | Should -Be 'Completed'
        $task.Total | Should -Be 3
        $task.Done | Should -Be 3
        $task.Pending | Should -Be 0
        "$($task.Type)" | Should -Be 'ThreatLookup'
        $task.CreatedBy | Should -Be ([Environment]::UserName)
    }

    It 'lists it with -Mine and -Status' {
        @(Get-TipTask -Mine).Id | Should -Contain $task.Id
        @(Get-TipTask -Status Completed).Id | Should -Contain $task.Id
        @(Get-TipTask -Status Failed).Id | Should -Not -Contain $task.Id
    }

    It 'gives the task''s results back with Receive-TipTask' {
        $received = @(Receive-TipTask -Id $task.Id)
        @($received.Indicator | Sort-Object) | Should -Be @('1.2.3.4', 'task-a.example', 'task-b.example')
    }

    It 'names the id it cannot find' {
        { Get-TipTask -Id 9999 -ErrorAction Stop } | Should -Throw -ExpectedMessage '*9999*'
    }
}

Describe 'Invoke-TipLookup -AsJob' {
    It 'runs as a PowerShell job whose output is the results' {
        $job = Invoke-TipLookup 'job-a.example', 'job-b.example' -AsJob
        $job | Should -BeOfType [System.Management.Automation.Job]
        $results = @($job | Wait-Job -Timeout 120 | Receive-Job)
        "$($job.State)" | Should -Be 'Completed'
        @($results.Indicator | Sort-Object) | Should -Be @('job-a.example', 'job-b.example')
        $job | Remove-Job
    }
}

Describe 'Stop-TipTask and Restart-TipTask' {
    BeforeAll {
        $run = [guid]::NewGuid().ToString('N').Substring(0, 8)
        $script:slow = 1..6 | ForEach-Object { "sim-slow-$_-$run.example" }
        $script:job = Invoke-TipLookup $slow -ThrottleLimit 1 -AsJob
        Wait-Until { $job.TaskId -and (Get-TipTask -Id $job.TaskId).Done -ge 1 } 'the first slow answer is stored'
        $script:taskId = $job.TaskId
        Stop-TipTask -Id $taskId -Confirm:$false
        $job | Wait-Job -Timeout 120 | Out-Null
        $script:stopped = Get-TipTask -Id $taskId
    }
    AfterAll { $job | Remove-Job -Force -ErrorAction SilentlyContinue }

    It 'stops the task midway, keeping what was bought and the rest pending' {
        "$($job.State)" | Should -BeIn 'Completed', 'Stopped'
        "$($stopped.Status)" | Should -BeIn 'Cancelled', 'PartiallyCompleted'
        $stopped.Done | Should -BeGreaterOrEqual 1
        $stopped.Pending | Should -BeGreaterThan 0
        $stopped.Done + $stopped.Pending + $stopped.Failed | Should -Be 6
    }

    It 'finishes only what was not done on Restart-TipTask' {
        $doneBefore = @($slow | Where-Object { @(Get-SimulatorRequest $_ -Answered).Count -gt 0 })
        @(Restart-TipTask -Id $taskId -Confirm:$false) | Out-Null
        $finished = Get-TipTask -Id $taskId
        "$($finished.Status)" | Should -Be 'Completed'
        $finished.Done | Should -Be 6
        # A request stopped on the wire is logged 499 by the simulator; what was answered is what was paid for.
        foreach ($value in $slow) { @(Get-SimulatorRequest $value -Answered).Count | Should -Be 1 -Because "$value is bought once" }
        $doneBefore.Count | Should -BeLessThan 6
    }

    It 'buys nothing when a completed task is restarted' {
        $before = Get-SimulatorRequestCount
        Restart-TipTask -Id $taskId -Confirm:$false -WarningAction SilentlyContinue | Out-Null
        (Get-SimulatorRequestCount) - $before | Should -Be 0
    }
}
