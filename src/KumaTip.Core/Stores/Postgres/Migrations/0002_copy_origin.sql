-- KumaTip team store, schema version 2: Copy-TipStore remembers where the rows it copied came from, so that a second
-- copy of the same local data file adds nothing. origin is "<the local file's copy id>:task:<local id>" for a task and
-- "<the local file's copy id>:ledger:<local row id>" for a ledger row; NULL for rows written by lookups. The copy id is
-- a GUID kept in the local file (not host + path): a data file moved, or a damaged one replaced by a new file whose
-- task ids start again at 1, is still told apart. Unique per tenant, so INSERT … ON CONFLICT DO NOTHING makes a
-- repeated (or concurrent) copy a no-op, and today's spend is never counted twice.

ALTER TABLE kumatip.tasks ADD COLUMN origin text;
CREATE UNIQUE INDEX tasks_origin ON kumatip.tasks (tenant_key, origin) WHERE origin IS NOT NULL;

ALTER TABLE kumatip.ledger ADD COLUMN origin text;
CREATE UNIQUE INDEX ledger_origin ON kumatip.ledger (tenant_key, origin) WHERE origin IS NOT NULL;
