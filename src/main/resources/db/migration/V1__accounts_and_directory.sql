-- Accounts own everything; every other table carries account_id.
create table account (
    id          uuid primary key,
    name        text not null,
    created_at  timestamptz not null default now()
);
create unique index account_name_uq on account (lower(name));

-- SCIM bearer credentials. Only a SHA-256 hash of the token is stored.
create table scim_credential (
    id           uuid primary key,
    account_id   uuid not null references account (id),
    label        text not null,
    token_hash   bytea not null,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz
);
create unique index scim_credential_token_hash_uq on scim_credential (token_hash);
create index scim_credential_account_idx on scim_credential (account_id);

-- SCIM users as provisioned. The full resource lives in "attributes" (JSONB, canonical
-- attribute names, without id/meta); the columns hold what filters, sorting and
-- uniqueness need. A SCIM DELETE sets deleted_at: the resource disappears from SCIM
-- but the row stays for the People / login records.
create table scim_user (
    id             uuid primary key,
    seq            bigint generated always as identity,
    account_id     uuid not null references account (id),
    user_name      text not null,
    external_id    text,
    display_name   text,
    active         boolean not null,
    email_values   text[] not null default '{}',
    attributes     jsonb not null,
    version        bigint not null,
    created_at     timestamptz not null,
    last_modified  timestamptz not null,
    deleted_at     timestamptz
);
create unique index scim_user_user_name_uq on scim_user (account_id, lower(user_name)) where deleted_at is null;
create index scim_user_seq_idx on scim_user (account_id, seq) where deleted_at is null;
create index scim_user_external_id_idx on scim_user (account_id, external_id) where deleted_at is null;
create index scim_user_display_name_idx on scim_user (account_id, lower(display_name)) where deleted_at is null;
create index scim_user_last_modified_idx on scim_user (account_id, last_modified) where deleted_at is null;
create index scim_user_created_idx on scim_user (account_id, created_at) where deleted_at is null;
create index scim_user_email_values_idx on scim_user using gin (email_values) where deleted_at is null;

create table scim_group (
    id             uuid primary key,
    seq            bigint generated always as identity,
    account_id     uuid not null references account (id),
    display_name   text not null,
    external_id    text,
    attributes     jsonb not null,
    version        bigint not null,
    created_at     timestamptz not null,
    last_modified  timestamptz not null,
    deleted_at     timestamptz
);
create unique index scim_group_display_name_uq on scim_group (account_id, lower(display_name)) where deleted_at is null;
create index scim_group_seq_idx on scim_group (account_id, seq) where deleted_at is null;
create index scim_group_external_id_idx on scim_group (account_id, external_id) where deleted_at is null;
create index scim_group_last_modified_idx on scim_group (account_id, last_modified) where deleted_at is null;
create index scim_group_created_idx on scim_group (account_id, created_at) where deleted_at is null;

-- Membership as rows, so a PATCH touches only the members it names and a group read
-- that excludes members never loads them.
create table scim_group_member (
    group_id     uuid not null references scim_group (id),
    member_id    uuid not null,
    member_type  text not null check (member_type in ('User', 'Group')),
    account_id   uuid not null references account (id),
    added_at     timestamptz not null default now(),
    primary key (group_id, member_id)
);
create index scim_group_member_member_idx on scim_group_member (member_id);
