-- Re-applying a changed field map to the users already provisioned: one row per run, with
-- progress any instance can read.
create table mapping_job (
    id            uuid primary key,
    account_id    uuid not null references account (id),
    field_map_id  uuid not null references field_map (id) on delete cascade,
    state         text not null check (state in ('running', 'completed', 'failed')),
    total         bigint not null,
    processed     bigint not null default 0,
    errors        bigint not null default 0,
    last_error    text,
    started_at    timestamptz not null,
    heartbeat_at  timestamptz not null,
    finished_at   timestamptz
);
create index mapping_job_map_idx on mapping_job (account_id, field_map_id, started_at desc);
