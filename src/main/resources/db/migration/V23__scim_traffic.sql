-- What each account's SCIM clients (Entra) asked and what they got, in 10-minute steps, for
-- the account's health (feature app.provisioning.account owns these tables). Each instance
-- counts in memory and adds its counts here every few seconds; kept two days.
create table scim_traffic (
    account_id  uuid not null references account (id),
    period      timestamptz not null,
    status      integer not null,
    scim_type   text not null default '',
    requests    bigint not null,
    primary key (account_id, period, status, scim_type)
);
create index scim_traffic_period_idx on scim_traffic (period);

-- The last SCIM request of each account and its answer.
create table scim_last_request (
    account_id  uuid primary key references account (id),
    at          timestamptz not null,
    status      integer not null
);
