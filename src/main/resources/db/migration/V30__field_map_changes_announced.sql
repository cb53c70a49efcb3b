-- Each instance keeps every account's field maps in memory (they are read for every user a
-- SCIM request writes). Whoever changes field_map, the change is announced at commit on
-- channel field_map_changed with the account's id, and every instance listening forgets
-- that account's maps; after TRUNCATE the payload is empty: forget every account.
create function announce_field_map_change() returns trigger language plpgsql as $$
begin
    if tg_op = 'TRUNCATE' then
        perform pg_notify('field_map_changed', '');
    elsif tg_op = 'DELETE' then
        perform pg_notify('field_map_changed', old.account_id::text);
    else
        perform pg_notify('field_map_changed', new.account_id::text);
        if tg_op = 'UPDATE' and old.account_id <> new.account_id then
            perform pg_notify('field_map_changed', old.account_id::text);
        end if;
    end if;
    return null;
end
$$;

create trigger field_map_changed after insert or update or delete on field_map
    for each row execute function announce_field_map_change();

create trigger field_map_truncated after truncate on field_map
    for each statement execute function announce_field_map_change();
