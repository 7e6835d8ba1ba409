-- KumaTip team store, schema version 3. tenant_allowed() looked roles up by name with pg_has_role(text), which raises
-- "role does not exist" once an administrator drops a role that still has tenant_grants rows: every analyst's query on
-- that tenant (or on all, for a '*' grant) then failed. Roles are now joined by OID, so a dropped role's grants simply
-- match no one (delete them when you drop the role; docs/team-store-roles.sql shows how).

CREATE OR REPLACE FUNCTION kumatip.tenant_allowed(key text) RETURNS boolean
    LANGUAGE sql STABLE
AS $$
    SELECT EXISTS (
        SELECT 1 FROM kumatip.tenant_grants g
        JOIN pg_catalog.pg_roles r ON r.rolname = g.role_name
        WHERE (g.tenant_key = key OR g.tenant_key = '*')
          AND pg_has_role(current_user, r.oid, 'MEMBER'))
$$;
