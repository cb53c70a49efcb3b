-- The customer's own people, each with a role in one account. A person is named by their
-- Entra object id, or by their user principal name until they first sign in, when the object
-- id of the account's tenant is bound to the row and names them from then on.
create table account_member (
    id                  uuid primary key,
    account_id          uuid not null references account (id),
    object_id           uuid,
    user_principal_name text,
    display_name        text,
    role                text not null check (role in ('owner', 'administrator', 'viewer')),
    created_at          timestamptz not null,
    created_by          text not null,
    last_sign_in_at     timestamptz,
    -- "Sign out everywhere": administration-page sessions issued before this time are refused.
    sessions_revoked_at timestamptz,
    check (object_id is not null or user_principal_name is not null)
);
create unique index account_member_object_uq on account_member (account_id, object_id) where object_id is not null;
create unique index account_member_upn_uq on account_member (account_id, lower(user_principal_name))
    where user_principal_name is not null;
create index account_member_object_idx on account_member (object_id) where object_id is not null;

-- Keys of the administration API that act for one account only, with a role no higher than
-- administrator. Only a hash is kept.
create table account_api_key (
    id           uuid primary key,
    account_id   uuid not null references account (id),
    label        text not null,
    role         text not null check (role in ('administrator', 'viewer')),
    key_hash     bytea not null,
    created_at   timestamptz not null,
    created_by   text not null,
    expires_at   timestamptz not null,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
create unique index account_api_key_hash_uq on account_api_key (key_hash);
create index account_api_key_account_idx on account_api_key (account_id, created_at);
