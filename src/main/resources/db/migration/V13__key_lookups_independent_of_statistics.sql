-- Lookups by a key (Entra's probes, reads and locks by id, member checks) must use the key's
-- own index whatever the planner's statistics say: none yet (a table filled in minutes, before
-- autovacuum's first analyze), stale (taken when the table or the account was small), or fresh.
--
-- Two things made the planner read a whole account per lookup without statistics:
--   * every index led with account_id, so any of them could answer "account_id = ?", and when
--     the account looked small (no statistics, or a new account absent from stale ones) an index
--     on (account_id, created_at) cost the same as the one on (account_id, lower(user_name));
--   * partial indexes "where deleted_at is null" looked 200 times smaller than they are, since
--     "deleted_at is null" is estimated at 0.5% of rows until there are statistics.
--
-- So the key indexes are not partial and lead with the key, and keyed statements say "live" as
-- (case when deleted_at is null then true end), which the planner cannot match to the partial
-- indexes' predicate: those (seq, created, last modified, display name) serve lists only.
--
-- Uniqueness of live userNames (and group displayNames) within an account stays: live rows
-- carry true in the third column and collide; deleted rows carry null, and nulls never do.

drop index scim_user_user_name_uq;
create unique index scim_user_user_name_uq
    on scim_user (lower(user_name), account_id, (case when deleted_at is null then true end));

drop index scim_user_external_id_idx;
create index scim_user_external_id_idx on scim_user (external_id, account_id);

drop index scim_user_email_values_idx;
create index scim_user_email_values_idx on scim_user using gin (email_values);

drop index scim_group_display_name_uq;
create unique index scim_group_display_name_uq
    on scim_group (lower(display_name), account_id, (case when deleted_at is null then true end));

drop index scim_group_external_id_idx;
create index scim_group_external_id_idx on scim_group (external_id, account_id);
