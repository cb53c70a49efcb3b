-- Administrative actions: who did what, when and from where, with the settings before and
-- after (never a secret). Separate from the sync log, which records what Entra and Graph did.
-- account_id is null for the operator's actions outside any account (admin keys, signing keys).
create table audit_event (
    id          bigserial primary key,
    account_id  uuid references account (id),
    at          timestamptz not null default now(),
    actor       text not null,
    address     text,
    user_agent  text,
    action      text not null,
    target      text not null,
    status      integer not null,
    before      jsonb,
    after       jsonb
);
create index audit_event_account_idx on audit_event (account_id, id desc);
