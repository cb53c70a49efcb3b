-- Permission levels of login users, per account, ordered: a higher rank wins when a user is
-- in several mapped groups.
create table permission_level (
    id          uuid primary key,
    account_id  uuid not null references account (id),
    name        text not null,
    rank        integer not null,
    created_at  timestamptz not null
);
create unique index permission_level_name_uq on permission_level (account_id, lower(name));
create unique index permission_level_rank_uq on permission_level (account_id, rank);

-- Field maps: how a provisioned SCIM user becomes a People record or a login user.
create table field_map (
    id                   uuid primary key,
    account_id           uuid not null references account (id),
    name                 text not null,
    target               text not null check (target in ('people', 'user_configuration')),
    unique_identifier    text not null check (unique_identifier in ('user_principal_name', 'object_id', 'primary_email')),
    organisational_unit  text,
    user_role            text,
    fields               jsonb not null,
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);
create unique index field_map_name_uq on field_map (account_id, lower(name));
