-- Browsing the sync log: each filter has an index that keeps the newest-first order, so a page
-- costs the same on an account with ten million entries as on one with ten.
create index sync_log_resource_idx on sync_log (account_id, resource_id, at desc, id desc);
create index sync_log_source_idx on sync_log (account_id, source, at desc, id desc);
create index sync_log_outcome_idx on sync_log (account_id, outcome, at desc, id desc);
create index sync_log_operation_idx on sync_log (account_id, operation, at desc, id desc);
-- The retention purge finds old entries across accounts.
create index sync_log_at_idx on sync_log (at);
