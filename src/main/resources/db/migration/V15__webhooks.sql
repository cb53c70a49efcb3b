-- Webhooks (feature app.provisioning.webhooks owns these tables). An endpoint follows its
-- account's change feed from feed_position on: the dispatcher queues a delivery per matching
-- event and moves feed_position in the same transaction, so an event is queued once per endpoint.
create table webhook_endpoint (
    id                          uuid primary key,
    account_id                  uuid not null references account (id),
    url                         text not null,
    description                 text not null default '',
    event_types                 text[] not null default '{}',
    enabled                     boolean not null default true,
    disabled_reason             text,
    disabled_at                 timestamptz,
    secret                      bytea not null,
    previous_secret             bytea,
    previous_secret_expires_at  timestamptz,
    feed_position               bigint not null,
    failing_since               timestamptz,
    created_at                  timestamptz not null default now(),
    updated_at                  timestamptz not null default now()
);
create index webhook_endpoint_account_idx on webhook_endpoint (account_id, created_at);

-- One event (or test message) for one endpoint. payload is the exact body: retries send the
-- same bytes, and an event purged from the feed is still delivered.
create table webhook_delivery (
    id               bigint generated always as identity primary key,
    endpoint_id      uuid not null references webhook_endpoint (id) on delete cascade,
    account_id       uuid not null references account (id),
    event_id         text not null,
    event_type       text not null,
    record_id        uuid,
    event_position   bigint,
    payload          text not null,
    state            text not null default 'pending'
                     check (state in ('pending', 'delivered', 'failed', 'cancelled')),
    attempts         integer not null default 0,
    next_attempt_at  timestamptz not null default now(),
    lease_until      timestamptz,
    last_status      integer,
    last_error       text,
    last_latency_ms  integer,
    created_at       timestamptz not null default now(),
    delivered_at     timestamptz
);
-- Due work, oldest first.
create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at, id) where state = 'pending';
-- Per-record order: is there an earlier pending delivery of the same record to this endpoint?
create index webhook_delivery_record_idx on webhook_delivery (endpoint_id, record_id, id) where state = 'pending';
-- The delivery log of an endpoint, newest first.
create index webhook_delivery_endpoint_idx on webhook_delivery (endpoint_id, id);
-- Retention.
create index webhook_delivery_finished_idx on webhook_delivery (created_at) where state <> 'pending';

create table webhook_attempt (
    id                bigint generated always as identity primary key,
    delivery_id       bigint not null references webhook_delivery (id) on delete cascade,
    at                timestamptz not null default now(),
    status            integer,
    latency_ms        integer,
    response_excerpt  text,
    error             text
);
create index webhook_attempt_delivery_idx on webhook_attempt (delivery_id, id);
