-- OAuth 2.0 client-credentials clients of an account (what Entra's gallery apps use).
create table oauth_client (
    id            uuid primary key,
    account_id    uuid not null references account (id),
    client_id     text not null,
    label         text not null,
    secret_hash   bytea not null,
    created_at    timestamptz not null,
    secret_set_at timestamptz not null,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
create unique index oauth_client_client_id_uq on oauth_client (client_id);
create index oauth_client_account_idx on oauth_client (account_id);

-- Keys that sign our access tokens. Kept (private part encrypted) so tokens survive restarts
-- and verify on every instance; an old key stays published until retire_at after a rotation.
create table signing_key (
    kid                    text primary key,
    public_jwk             text not null,
    private_key_encrypted  bytea not null,
    created_at             timestamptz not null,
    retire_at              timestamptz
);
