-- Accounts connect one Entra tenant each and can be suspended.
alter table account add column entra_tenant_id text;
alter table account add column state text not null default 'active' check (state in ('active', 'suspended'));
alter table account add column requests_per_second integer check (requests_per_second > 0);
alter table account add column updated_at timestamptz not null default now();
create unique index account_entra_tenant_uq on account (lower(entra_tenant_id)) where entra_tenant_id is not null;

-- Secret tokens: optional expiry, revocation kept for the record.
alter table scim_credential add column expires_at timestamptz;
alter table scim_credential add column revoked_at timestamptz;

-- Keys of the administration API, separate from every SCIM credential.
create table admin_key (
    id           uuid primary key,
    label        text not null,
    key_hash     bytea not null,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
create unique index admin_key_hash_uq on admin_key (key_hash);
