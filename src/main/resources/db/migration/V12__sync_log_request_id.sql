-- The request that caused an entry (echoed to the caller as X-Request-Id); null for background work.
alter table sync_log add column request_id text;
