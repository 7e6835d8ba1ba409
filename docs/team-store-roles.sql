-- KumaTip team store: roles and tenants by hand, for administrators who prefer SQL to
--     Initialize-TipStore -TenantRole soc_main -Tenant Main, Branch -Member alice, bob
-- Both do the same and both are idempotent: run this again and nothing changes.
--
-- Before: the schema exists (Initialize-TipStore, run once as the schema's owner, creates it and the role
-- kumatip_user). Run this as that owner (or a superuser) in the KumaTip database, with a role allowed to create roles
-- (CREATEROLE), e.g.
--     psql "host=db.corp dbname=kumatip user=kumatip_owner" -v ON_ERROR_STOP=1 -f docs/team-store-roles.sql
--
-- How access works: every row of the team store's tables carries tenant_key, the tenant's name in upper case (MAIN,
-- BRANCH). Row-level security lets a role read and write a row only when kumatip.tenant_grants grants that tenant (or
-- '*', every tenant) to a role the current user is a member of. So one NOLOGIN role per tenant (or group of tenants)
-- holds the grants, and each analyst's LOGIN role is made a member of the roles of the tenants they work for.
-- The schema's owner is not subject to the policies: keep it for administration, not for daily work.

BEGIN;
-- The same lock Initialize-TipStore takes, so this never runs at the same time as a migration or another grant.
SELECT pg_advisory_xact_lock(5437372389915193345);

-- 1. A role per tenant (or group of tenants): no login of its own, the table privileges through kumatip_user.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'soc_main') THEN
        CREATE ROLE soc_main NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'soc_lab') THEN
        CREATE ROLE soc_lab NOLOGIN;
    END IF;
    -- A role for every tenant: supervisors, or a runbook host that works for all of them.
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'soc_all') THEN
        CREATE ROLE soc_all NOLOGIN;
    END IF;
END
$$;
GRANT kumatip_user TO soc_main, soc_lab, soc_all;

-- 2. Which tenants each role reaches: the tenant's name in upper case ('*' = every tenant).
INSERT INTO kumatip.tenant_grants (role_name, tenant_key) VALUES
    ('soc_main', 'MAIN'),
    ('soc_main', 'BRANCH'),
    ('soc_lab',  'LAB'),
    ('soc_all',  '*')
ON CONFLICT DO NOTHING;

-- 3. The analysts' own logins (each keeps their own password; KumaTip stores it encrypted on their machine with
--    Set-TipStore -PostgreSql -Credential), made members of their tenants' roles.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'alice') THEN
        CREATE ROLE alice LOGIN;   -- then: ALTER ROLE alice PASSWORD '…' (or \password alice in psql)
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'carol') THEN
        CREATE ROLE carol LOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'runbook_host') THEN
        CREATE ROLE runbook_host LOGIN;   -- its password in PGPASSWORD or ~/.pgpass next to KUMATIP_STORE
    END IF;
END
$$;
GRANT soc_main TO alice;          -- alice: tenants Main and Branch
GRANT soc_lab TO carol;           -- carol: tenant Lab only
GRANT soc_all TO runbook_host;    -- the runbook host: every tenant

COMMIT;

-- Check: what each role reaches.
--     SELECT role_name, tenant_key FROM kumatip.tenant_grants ORDER BY 1, 2;
-- Prove it as an analyst (a member sees only its tenants' rows; an INSERT for another tenant fails with
-- "new row violates row-level security policy"):
--     SET ROLE alice; SELECT DISTINCT tenant_key FROM kumatip.results; RESET ROLE;
-- Take a tenant away:
--     DELETE FROM kumatip.tenant_grants WHERE role_name = 'soc_main' AND tenant_key = 'BRANCH';
-- Take a person off a team:
--     REVOKE soc_main FROM alice;
