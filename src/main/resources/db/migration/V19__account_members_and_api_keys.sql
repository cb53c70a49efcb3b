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
    -- The member who issued the key (null for the operator): their keys are revoked when they
    -- leave the account or lose the administrator role.
    issued_by_object_id uuid,
    expires_at   timestamptz not null,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
create unique index account_api_key_hash_uq on account_api_key (key_hash);
create index account_api_key_account_idx on account_api_key (account_id, created_at);

-- Everyone of the account's tenant who holds an Entra app role, or is in an Entra group, as the
-- ID token says at sign-in, is let in with a role: re-evaluated at every sign-in, so removing
-- the person from the role or group in Entra removes their access at their next sign-in.
create table account_sign_in_rule (
    id          uuid primary key,
    account_id  uuid not null references account (id),
    claim       text not null check (claim in ('appRole', 'group')),
    value       text not null,
    role        text not null check (role in ('owner', 'administrator', 'viewer')),
    created_at  timestamptz not null,
    created_by  text not null
);
create unique index account_sign_in_rule_uq on account_sign_in_rule (account_id, claim, lower(value));

-- "Sign out everywhere": a person's administration-page sessions begun before this time are refused.
create table console_sign_out (
    tenant_id      text not null,
    object_id      uuid not null,
    signed_out_at  timestamptz not null,
    primary key (tenant_id, object_id)
);
