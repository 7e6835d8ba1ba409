@{
    RootModule        = 'OldDependencies.dll'
    ModuleVersion     = '1.0.0'
    GUID              = '0f5b1b9e-3a52-4d0c-9a3e-6c1f2b7d9e41'
    Author            = 'KumaTip tests'
    Description       = 'Test fixture: a module that ships older Microsoft.Extensions, Polly.Core, System.Text.Json and CsvHelper.'
    PowerShellVersion = '5.1'
    CmdletsToExport   = @('Invoke-OldDependencies')
    FunctionsToExport = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
