-- People records and login users made from provisioned SCIM users by the account's field maps.
-- Never hard-deleted: assets may be checked out to a person.
create table person (
    id                   uuid primary key,
    account_id           uuid not null references account (id),
    field_map_id         uuid not null references field_map (id),
    unique_key           text not null,
    scim_user_id         uuid,
    fields               jsonb not null,
    organisational_unit  text,
    user_role            text,
    status               text not null check (status in ('active', 'inactive')),
    integration_status   text not null,
    integration_reason   text,
    integration_at       timestamptz not null,
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);
create unique index person_key_uq on person (account_id, field_map_id, lower(unique_key));
create index person_scim_user_idx on person (account_id, scim_user_id);

create table login_user (
    id                   uuid primary key,
    account_id           uuid not null references account (id),
    field_map_id         uuid not null references field_map (id),
    unique_key           text not null,
    scim_user_id         uuid,
    fields               jsonb not null,
    permission_level_id  uuid references permission_level (id),
    status               text not null check (status in ('active', 'deactivated')),
    integration_status   text not null,
    integration_reason   text,
    integration_at       timestamptz not null,
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);
create unique index login_user_key_uq on login_user (account_id, field_map_id, lower(unique_key));
create index login_user_scim_user_idx on login_user (account_id, scim_user_id);

-- Append-only record of every change the server makes (browsing comes with the sync-log feature).
create table sync_log (
    id             bigint generated always as identity primary key,
    account_id     uuid not null references account (id),
    at             timestamptz not null,
    source         text not null,
    operation      text not null,
    resource_type  text not null,
    resource_id    text,
    outcome        text not null check (outcome in ('applied', 'skipped', 'error')),
    reason         text,
    changes        jsonb not null default '{}'
);
create index sync_log_account_at_idx on sync_log (account_id, at desc, id desc);
