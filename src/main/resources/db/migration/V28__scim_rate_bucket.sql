-- Each account's SCIM request budget, shared by every instance: Bucket4j's token-bucket
-- state, read and written under a row lock (see SharedRateBuckets). One row per account
-- that has sent a SCIM request; the state is Bucket4j's own serialized form.
create table scim_rate_bucket (
    account_id uuid primary key references account (id) on delete cascade,
    state      bytea
);
