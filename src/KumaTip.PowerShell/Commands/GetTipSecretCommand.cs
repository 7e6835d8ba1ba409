using System;
using System.Linq;
using System.Management.Automation;
using KumaTip.Core.Secrets;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists the tenant's Threat Lookup secrets: names, masked user, certificate details; never their values.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TipSecret")]
    [OutputType(typeof(TipSecret))]
    public sealed class GetTipSecretCommand : WorkspaceCmdlet
    {
        /// <summary>Names to show; wildcards allowed. All when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SecretNameCompleter))]
        public string[] Name { get; set; } = { "*" };

        protected override void ProcessRecord()
        {
            try
            {
                var secrets = Workspace.Secrets.List(Tenant);
                foreach (var name in Name)
                {
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    var matches = secrets.Where(s => pattern.IsMatch(s.Name)).ToList();
                    if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        WriteError(TipErrors.From(new TipSecretException(TipSecretError.NotFound,
                            $"There is no secret named '{name}' in tenant '{Tenant}'. List the tenant's secrets with Get-TipSecret -Tenant '{Tenant}'."), name));
                        continue;
                    }
                    WriteObject(matches, enumerateCollection: true);
                }
            }
            catch (ArgumentException ex)
            {
                WriteError(TipErrors.InvalidTenant(ex, Tenant));
            }
        }
    }
}
