using System;
using System.IO;
using System.Management.Automation;
using KumaTip.Core.Storage;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// A cmdlet that works on the data directory: opens one <see cref="TipWorkspace"/> for the whole pipeline
    /// (KUMATIP_HOME or the per-OS default) and closes it at the end, also when stopped.
    /// </summary>
    public abstract class WorkspaceCmdlet : StorageCmdlet, IDisposable
    {
        private TipWorkspace? _workspace;

        /// <summary>The open data directory.</summary>
        internal TipWorkspace Workspace => _workspace ?? throw new InvalidOperationException("The workspace is opened in BeginProcessing.");

        protected override void OnBeginProcessing()
        {
            base.OnBeginProcessing();
            _workspace = TipWorkspace.Open(Access);
            WriteDebug($"KumaTip data directory '{_workspace.Database.Directory}', tenant '{Tenant}'.");
        }

        /// <summary>Reads a file named by a (possibly relative, PowerShell-provider) path; null after writing a not-found error.</summary>
        protected byte[]? ReadFile(string path, string parameter)
        {
            var full = GetUnresolvedProviderPathFromPSPath(path);
            if (!File.Exists(full))
            {
                WriteError(TipErrors.FileNotFound(full, parameter));
                return null;
            }
            return File.ReadAllBytes(full);
        }

        /// <summary>The full file-system path of <paramref name="path"/>, for messages.</summary>
        protected string FullPath(string path) => GetUnresolvedProviderPathFromPSPath(path);

        protected override void OnEndProcessing()
        {
            base.OnEndProcessing();
            Dispose();
        }

        public void Dispose()
        {
            _workspace?.Dispose();
            _workspace = null;
        }
    }
}
