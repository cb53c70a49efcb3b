-- The account's Entra app registration, for reading Microsoft Graph. The client secret is
-- encrypted with the server's encryption key and never returned by any API.
create table graph_connection (
    account_id                 uuid primary key references account (id),
    tenant_id                  text not null,
    client_id                  text not null,
    client_secret              bytea,
    client_secret_hint         text,
    client_secret_expires_at   timestamptz,
    application_object_id      text,
    schedule_kind              text not null default 'off' check (schedule_kind in ('off', 'interval', 'cron')),
    schedule_interval_minutes  integer,
    schedule_cron              text,
    schedule_zone              text not null default 'UTC',
    next_run_at                timestamptz,
    refresh_fields             boolean not null default false,
    notify_url                 text,
    last_test                  jsonb,
    updated_at                 timestamptz not null
);
create index graph_connection_due_idx on graph_connection (next_run_at) where next_run_at is not null;

-- Entra groups an administrator selected in a field map: their members (transitively) are
-- imported through that map. In a User Configuration map a group may grant a permission level.
create table entra_group_selection (
    account_id           uuid not null references account (id),
    field_map_id         uuid not null references field_map (id) on delete cascade,
    group_object_id      text not null,
    display_name         text,
    permission_level_id  uuid references permission_level (id) on delete set null,
    created_at           timestamptz not null,
    primary key (field_map_id, group_object_id)
);
create index entra_group_selection_account_idx on entra_group_selection (account_id);

-- Records learn the Entra object ID of their user (from a pull, or matched by a reconciliation),
-- and remember whether they came from Entra's push or from a group import.
alter table person add column entra_object_id text;
alter table person add column origin text not null default 'scim' check (origin in ('scim', 'graph'));
create index person_entra_object_idx on person (account_id, entra_object_id);
alter table login_user add column entra_object_id text;
alter table login_user add column origin text not null default 'scim' check (origin in ('scim', 'graph'));
create index login_user_entra_object_idx on login_user (account_id, entra_object_id);

-- One row per reconciliation run. Progress (phase and cursor) is stored so that a run taken
-- over after a failure continues where it stopped.
create table reconcile_run (
    id              uuid primary key,
    account_id      uuid not null references account (id),
    trigger         text not null check (trigger in ('schedule', 'manual', 'record')),
    state           text not null check (state in ('queued', 'running', 'completed', 'failed')),
    phase           text,
    cursor          text,
    attempts        integer not null default 0,
    checked         bigint not null default 0,
    imported        bigint not null default 0,
    updated         bigint not null default 0,
    deactivated     bigint not null default 0,
    reactivated     bigint not null default 0,
    flagged         bigint not null default 0,
    errors          bigint not null default 0,
    last_error      text,
    summary         text,
    requested_at    timestamptz not null,
    started_at      timestamptz,
    heartbeat_at    timestamptz,
    finished_at     timestamptz
);
create index reconcile_run_account_idx on reconcile_run (account_id, requested_at desc);
-- At most one account-wide run queued or running at a time, in the whole cluster.
create unique index reconcile_run_active_uq on reconcile_run (account_id)
    where state in ('queued', 'running') and trigger <> 'record';

-- What a run read from Graph, so that comparing it with the account's records is set-based
-- SQL and a tenant of any size never has to fit in memory. Removed when the run ends.
create table reconcile_seen (
    run_id     uuid not null references reconcile_run (id) on delete cascade,
    object_id  text not null,
    upn        text,
    mail       text,
    enabled    boolean not null,
    document   jsonb,
    primary key (run_id, object_id)
);
create index reconcile_seen_upn_idx on reconcile_seen (run_id, upn);
create index reconcile_seen_mail_idx on reconcile_seen (run_id, mail);

create table reconcile_deleted (
    run_id      uuid not null references reconcile_run (id) on delete cascade,
    object_id   text not null,
    upn         text,
    deleted_at  timestamptz,
    primary key (run_id, object_id)
);
create index reconcile_deleted_upn_idx on reconcile_deleted (run_id, upn);

create table reconcile_import (
    run_id        uuid not null references reconcile_run (id) on delete cascade,
    field_map_id  uuid not null,
    object_id     text not null,
    document      jsonb not null,
    level_id      uuid,
    level_rank    integer,
    primary key (run_id, field_map_id, object_id)
);

-- db-scheduler's table: schedules and runs are picked by exactly one instance of the cluster.
create table scheduled_tasks (
    task_name             text not null,
    task_instance         text not null,
    task_data             bytea,
    execution_time        timestamptz not null,
    picked                boolean not null,
    picked_by             text,
    last_success          timestamptz,
    last_failure          timestamptz,
    consecutive_failures  integer,
    last_heartbeat        timestamptz,
    version               bigint not null,
    priority              smallint,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
