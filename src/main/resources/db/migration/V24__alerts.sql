-- Alerts (feature app.provisioning.health owns these tables). An alert follows one condition of
-- an account's health (its kind) from the moment it appears ("firing") until it is gone
-- ("resolved"); at most one firing alert per account and kind, whatever the instances do.
create table alert_settings (
    account_id  uuid primary key references account (id),
    email       text,
    updated_at  timestamptz not null default now()
);

create table alert (
    id                bigint generated always as identity primary key,
    account_id        uuid not null references account (id),
    kind              text not null,
    severity          text not null check (severity in ('warning', 'failing')),
    reason            text not null,
    step              integer not null default 0,
    state             text not null check (state in ('firing', 'resolved')),
    first_at          timestamptz not null default now(),
    last_notified_at  timestamptz not null default now(),
    resolved_at       timestamptz
);
create unique index alert_firing_uq on alert (account_id, kind) where state = 'firing';
create index alert_account_idx on alert (account_id, id desc);

-- The e-mails to send, written in the transaction that decides them and sent by any instance:
-- an SMTP server that is down delays them, never the requests, and loses none.
create table alert_mail (
    id               bigint generated always as identity primary key,
    account_id       uuid references account (id),
    alert_id         bigint references alert (id),
    recipient        text not null,
    subject          text not null,
    body             text not null,
    state            text not null default 'pending' check (state in ('pending', 'sent', 'failed')),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    last_error       text,
    created_at       timestamptz not null default now(),
    sent_at          timestamptz
);
create index alert_mail_due_idx on alert_mail (next_attempt_at) where state = 'pending';
create index alert_mail_account_idx on alert_mail (account_id, id desc);
