-- The deactivation brake (feature app.provisioning.mapping owns these tables). Each account's
-- settings; an account without a row has the defaults (on, 50 records or 10% within 60 minutes).
create table deactivation_brake (
    account_id      uuid primary key references account (id),
    enabled         boolean not null default true,
    max_count       integer not null default 50,
    max_percent     integer not null default 10,
    window_minutes  integer not null default 60,
    -- When the brake last held a deactivation, and when it last let one through after that.
    engaged_at      timestamptz,
    updated_at      timestamptz not null default now()
);

-- The deactivations the brake let through, counted over the window. Written by the brake's own
-- short transactions, committed at once: two instances never let through more than the limit
-- between them, and no SCIM transaction waits on another's lock for it.
create table deactivation_admission (
    account_id  uuid not null references account (id),
    at          timestamptz not null default now()
);
create index deactivation_admission_account_idx on deactivation_admission (account_id, at);

-- A deactivation the brake held: what it would have done, until an administrator releases or
-- discards it, or Entra reverses it.
create table held_deactivation (
    id                   bigint generated always as identity primary key,
    account_id           uuid not null references account (id),
    record_type          text not null check (record_type in ('person', 'login_user')),
    record_id            uuid not null,
    source               text not null,
    cause                text not null,
    target_status        text not null,
    integration_status   text not null,
    integration_reason   text,
    clears_level         boolean not null default false,
    state                text not null default 'held'
                         check (state in ('held', 'released', 'discarded', 'reversed')),
    held_at              timestamptz not null default now(),
    decided_at           timestamptz,
    decided_by           text
);
create unique index held_deactivation_one_per_record_idx on held_deactivation (record_id) where state = 'held';
create index held_deactivation_account_idx on held_deactivation (account_id, state, id);

alter table person add column deactivation_held boolean not null default false;
alter table login_user add column deactivation_held boolean not null default false;
