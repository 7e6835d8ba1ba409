using System;
using System.Linq;
using LiteDB;

namespace KumaTip.Core.Lookups
{
    /// <summary>How a task is stored: its document in <see cref="Storage.TipDatabase.Tasks"/> and back, with its owner and whether that owner is gone.</summary>
    internal static class TaskDocuments
    {
        internal static void SetOwner(BsonDocument doc, TaskOwner owner, DateTime now)
        {
            doc["OwnerMachine"] = owner.Machine;
            doc["OwnerPid"] = owner.ProcessId;
            doc["OwnerStart"] = owner.StartTicks;
            doc["Heartbeat"] = now.Ticks;
        }

        internal static TaskOwner? OwnerOf(BsonDocument doc)
            => doc["OwnerPid"].IsNull || !doc.ContainsKey("OwnerPid") ? null
                : new TaskOwner(doc["OwnerMachine"].AsString, doc["OwnerPid"].AsInt32, doc["OwnerStart"].AsInt64);

        internal static BsonDocument ToDocument(TipTask task) => new BsonDocument
        {
            ["_id"] = task.Id,
            ["Type"] = task.Type,
            ["Status"] = task.Status,
            ["CreatedBy"] = task.CreatedBy,
            ["Created"] = task.Created.UtcTicks,
            ["LastUpdate"] = task.LastUpdate.UtcTicks,
            ["Tenant"] = task.Tenant,
            ["Service"] = task.Service,
            ["FileName"] = task.FileName == null ? BsonValue.Null : new BsonValue(task.FileName),
            ["Uploaded"] = task.Uploaded,
            ["Total"] = task.Total,
            ["Done"] = task.Done,
            ["Failed"] = task.Failed,
            ["Pending"] = task.Pending,
            ["Sections"] = new BsonArray(task.Sections.Select(s => new BsonValue(s))),
            ["MaxRecords"] = task.MaxRecords,
            ["Force"] = task.Force,
            ["MaxAge"] = task.MaxAge.HasValue ? new BsonValue(task.MaxAge.Value.Ticks) : BsonValue.Null,
            ["Message"] = task.Message == null ? BsonValue.Null : new BsonValue(task.Message),
            ["StopRequested"] = false,
            ["Received"] = task.Received,
            // Set once the creating run has gone through all of its input; tasks written before this field existed
            // have no value and count as complete.
            ["InputComplete"] = false,
        };

        internal static TipTask ToTask(BsonDocument doc, DateTime now)
        {
            var status = (TipTaskStatus)Enum.Parse(typeof(TipTaskStatus), doc["Status"].AsString);
            var owner = OwnerOf(doc);
            var heartbeat = doc["Heartbeat"].IsNull ? DateTime.MinValue : new DateTime(doc["Heartbeat"].AsInt64, DateTimeKind.Utc);
            var running = status == TipTaskStatus.Running || status == TipTaskStatus.Queued;
            var abandoned = running && (owner == null || !owner.IsAlive(heartbeat, now, TaskStore.StaleAfter));
            return new TipTask
            {
                Id = doc["_id"].AsInt32,
                Type = doc["Type"].AsString,
                State = abandoned ? TipTaskStatus.Abandoned : status,
                CreatedBy = doc["CreatedBy"].AsString,
                Created = new DateTimeOffset(doc["Created"].AsInt64, TimeSpan.Zero),
                LastUpdate = new DateTimeOffset(doc["LastUpdate"].AsInt64, TimeSpan.Zero),
                Tenant = doc["Tenant"].AsString,
                // Tasks written before there was a choice of service were TIP's.
                Service = doc["Service"].IsString ? doc["Service"].AsString : nameof(Api.PortalService.Tip),
                FileName = doc["FileName"].IsString ? doc["FileName"].AsString : null,
                Uploaded = doc["Uploaded"].IsBoolean && doc["Uploaded"].AsBoolean,
                Total = doc["Total"].AsInt32,
                Done = doc["Done"].AsInt32,
                Failed = doc["Failed"].AsInt32,
                Pending = doc["Pending"].AsInt32,
                Sections = doc["Sections"].AsArray.Select(v => v.AsString).ToArray(),
                MaxRecords = doc["MaxRecords"].AsInt32,
                Force = doc["Force"].AsBoolean,
                MaxAge = doc["MaxAge"].IsNull ? (TimeSpan?)null : TimeSpan.FromTicks(doc["MaxAge"].AsInt64),
                Message = doc["Message"].IsNull ? null : doc["Message"].AsString,
                StopRequested = doc["StopRequested"].AsBoolean,
                ProcessId = running ? owner?.ProcessId : null,
                Abandoned = abandoned,
                Received = doc["Received"].IsNumber ? doc["Received"].AsInt32 : 0,
                InputComplete = !doc.ContainsKey("InputComplete") || doc["InputComplete"].AsBoolean,
            };
        }
    }
}
