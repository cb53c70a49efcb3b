-- A People record or login user is looked up by its key on every SCIM write that a field map
-- turns into a record: by unique identifier, by SCIM user and, during reconciliation, by Entra
-- object id. Those indexes led with account_id, and since V14 so does (account_id, id) for the
-- records API. Without fresh statistics (a table filled in minutes, or one analyzed while it was
-- small) the planner found them equally cheap and could answer "account_id = ? and key = ?"
-- from (account_id, id), reading every record of the account per lookup: 865 pages a lookup in
-- an account of 2,000 People records, and growing with the account.
--
-- As V13 did for scim_user, the key indexes now lead with the key, and the lookups check the
-- account and field map on the rows the key finds ("(account_id = ? and field_map_id = ?) is
-- true", which no index can answer): the key's own index is then the only one that serves them.
-- Uniqueness within an account and field map is unchanged.

drop index person_key_uq;
create unique index person_key_uq on person (lower(unique_key), account_id, field_map_id);

drop index person_scim_user_idx;
create index person_scim_user_idx on person (scim_user_id, account_id);

drop index person_entra_object_idx;
create index person_entra_object_idx on person (entra_object_id, account_id);

drop index login_user_key_uq;
create unique index login_user_key_uq on login_user (lower(unique_key), account_id, field_map_id);

drop index login_user_scim_user_idx;
create index login_user_scim_user_idx on login_user (scim_user_id, account_id);

drop index login_user_entra_object_idx;
create index login_user_entra_object_idx on login_user (entra_object_id, account_id);
