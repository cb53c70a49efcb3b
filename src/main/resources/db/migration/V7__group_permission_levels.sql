-- One Entra group per permission level: members of the group get the level.
create table group_permission_level (
    permission_level_id  uuid primary key references permission_level (id) on delete cascade,
    account_id           uuid not null references account (id),
    scim_group_id        uuid not null references scim_group (id),
    created_at           timestamptz not null
);
create unique index group_permission_level_group_uq on group_permission_level (account_id, scim_group_id);

-- Whether Entra has the user enabled, kept apart from the login's status, which also depends
-- on the user's groups.
alter table login_user add column entra_active boolean not null default true;
