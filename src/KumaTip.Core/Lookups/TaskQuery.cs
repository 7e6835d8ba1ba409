using System;
using System.Collections.Generic;
using System.Linq;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// Which tasks the task manager shows (Get-TipTask), and which asked-for ids it cannot show. An id is "not found"
    /// when there is no such task or, with a tenant given, it belongs to another tenant; the other filters only narrow
    /// the list (a task that exists but is not, say, Running is not missing).
    /// </summary>
    public sealed class TaskQuery
    {
        /// <summary>Only these ids; each one not found is in <see cref="TaskQueryResult.MissingIds"/>. Null or empty: any id.</summary>
        public IReadOnlyCollection<int>? Ids { get; set; }

        /// <summary>Only this tenant's tasks (case-insensitive, trimmed). Null: every tenant's.</summary>
        public string? Tenant { get; set; }

        /// <summary>Only tasks this user created (case-insensitive), on any host: the team store names them "user@host". Null: anyone's.</summary>
        public string? CreatedBy { get; set; }

        /// <summary>Only tasks in these states. Null or empty: any state.</summary>
        public IReadOnlyCollection<TipTaskStatus>? Statuses { get; set; }

        /// <summary>Only tasks whose type this accepts (wildcards live with the caller). Null: any type.</summary>
        public Func<string, bool>? TypeFilter { get; set; }

        private static bool CreatedByUser(string createdBy, string user)
        {
            var at = createdBy.LastIndexOf('@');
            var name = at >= 0 && user.IndexOf('@') < 0 ? createdBy.Substring(0, at) : createdBy;
            return string.Equals(name, user, StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The tasks that pass every filter, in the given order, and the asked-for ids not found.</summary>
        public TaskQueryResult Run(IEnumerable<TipTask> tasks)
        {
            var ids = Ids != null && Ids.Count > 0 ? Ids : null;
            var found = new HashSet<int>();
            var selected = new List<TipTask>();
            foreach (var task in tasks)
            {
                if (ids != null && !ids.Contains(task.Id)) continue;
                if (!IsVisible(task, Tenant)) continue;
                found.Add(task.Id);
                if (CreatedBy != null && !CreatedByUser(task.CreatedBy, CreatedBy)) continue;
                if (Statuses != null && Statuses.Count > 0 && !Statuses.Contains(task.State)) continue;
                if (TypeFilter != null && !TypeFilter(task.Type)) continue;
                selected.Add(task);
            }
            var missing = ids == null ? new List<int>() : ids.Where(id => !found.Contains(id)).Distinct().ToList();
            return new TaskQueryResult(selected, missing);
        }

        /// <summary>True when <paramref name="task"/> may be shown for <paramref name="tenant"/>: any task when no tenant is given, else only that tenant's.</summary>
        public static bool IsVisible(TipTask task, string? tenant)
            => tenant == null || string.Equals(task.Tenant, tenant.Trim(), StringComparison.OrdinalIgnoreCase);

        /// <summary>What to say about an id that is not found: which task, for which tenant when one was given, and where to look.</summary>
        public static string NotFoundMessage(int id, string? tenant)
            => "There is no task " + id + (tenant != null ? " of tenant '" + tenant.Trim() + "'" : "") + ". Get-TipTask lists the tasks.";
    }
}
