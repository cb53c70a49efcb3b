-- Incremental runs: a full run ends with Graph's delta link; later runs read only what changed
-- since, until a full run is due again.
alter table graph_connection add column users_delta_link text;
alter table graph_connection add column full_scan_at timestamptz;
alter table reconcile_run add column mode text not null default 'full' check (mode in ('full', 'delta'));
alter table reconcile_run add column delta_link text;
-- In a delta round a changed user may come without accountEnabled (unchanged), and a removed
-- one says whether it is soft-deleted or gone for good.
alter table reconcile_seen alter column enabled drop not null;
alter table reconcile_deleted add column gone boolean not null default false;
