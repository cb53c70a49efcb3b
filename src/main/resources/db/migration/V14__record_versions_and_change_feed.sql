-- Records gain what the asset application needs to follow them: a version that grows with
-- every change it can see, and the manager as a link to the manager's own record.
alter table person add column version bigint not null default 1;
alter table person add column manager_field text;
alter table person add column manager_ref text;
alter table person add column manager_record_id uuid;
alter table login_user add column version bigint not null default 1;
alter table login_user add column manager_field text;
alter table login_user add column manager_ref text;
alter table login_user add column manager_record_id uuid;

-- Paging through an account's records in a stable order (the records API).
create index person_account_id_idx on person (account_id, id);
create index login_user_account_id_idx on login_user (account_id, id);
-- Employees waiting for their manager's record to arrive.
create index person_manager_pending_idx on person (account_id, manager_ref)
    where manager_ref is not null and manager_record_id is null;
create index login_user_manager_pending_idx on login_user (account_id, manager_ref)
    where manager_ref is not null and manager_record_id is null;

-- The change feed. Every change to a record is an event, inserted by the triggers below in
-- the transaction of the change. "position" orders the feed: it is given after commit, in
-- id order, by one sequencer at a time (feed_sequence), so a reader that has seen position p
-- never later finds an event below p. Events of one record keep their order: a second change
-- waits for the first one's row lock, so it gets a higher id and commits later.
create table record_event (
    id              bigint generated always as identity primary key,
    position        bigint,
    account_id      uuid not null references account (id),
    type            text not null,
    record_type     text not null check (record_type in ('person', 'login_user')),
    record_id       uuid not null,
    record_version  bigint not null,
    at              timestamptz not null default now(),
    data            jsonb not null default '{}'
);
create unique index record_event_position_uq on record_event (position);
create index record_event_account_position_idx on record_event (account_id, position) where position is not null;
create index record_event_unsequenced_idx on record_event (id) where position is null;

create table feed_sequence (
    singleton      boolean primary key default true check (singleton),
    last_position  bigint not null
);
insert into feed_sequence values (true, 0);

-- The highest position purged per account: a cursor below it may have missed events.
create table feed_horizon (
    account_id      uuid primary key references account (id),
    purged_through  bigint not null,
    purged_at       timestamptz not null
);

-- What a reader sees as the Entra state of a record.
create function record_entra_state(integration_status text) returns text
language sql immutable as $$
    select case integration_status
        when 'deleted_in_entra' then 'deleted'
        when 'gone_from_entra' then 'gone'
        else 'present' end
$$;

-- Before a write: the version grows when something a reader sees changes, and a manager
-- reference is resolved to the manager's record (preferring the same field map).
create function record_before_write() returns trigger
language plpgsql as $$
declare
    changed boolean;
begin
    if new.manager_ref is null then
        new.manager_record_id := null;
    elsif tg_op = 'INSERT' or new.manager_ref is distinct from old.manager_ref or new.manager_record_id is null then
        execute format('select id from %I where account_id = $1 and id <> $2 and ('
                || 'scim_user_id = (case when $3 ~* ''^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'' then $3::uuid end)'
                || ' or entra_object_id = $3) order by (field_map_id = $4) desc limit 1', tg_table_name)
            into new.manager_record_id
            using new.account_id, new.id, new.manager_ref, new.field_map_id;
    end if;
    if tg_op = 'UPDATE' then
        changed := new.fields is distinct from old.fields
            or new.unique_key is distinct from old.unique_key
            or new.status is distinct from old.status
            or record_entra_state(new.integration_status) is distinct from record_entra_state(old.integration_status)
            or new.manager_record_id is distinct from old.manager_record_id;
        if not changed and tg_table_name = 'login_user' then
            changed := new.permission_level_id is distinct from old.permission_level_id;
        end if;
        new.version := case when changed then old.version + 1 else old.version end;
    end if;
    return new;
end
$$;

-- After a write: the events of the change, and links of employees who were waiting for this
-- record as their manager (each such link is an update of that employee, with its own event).
create function record_after_write() returns trigger
language plpgsql as $$
declare
    kind text := case tg_table_name when 'person' then 'person' else 'login_user' end;
    changes jsonb;
    old_level jsonb;
    new_level jsonb;
begin
    if tg_op = 'INSERT' then
        insert into record_event (account_id, type, record_type, record_id, record_version, data)
        values (new.account_id, kind || '.created', tg_table_name, new.id, new.version,
                jsonb_build_object('status', new.status, 'uniqueIdentifier', new.unique_key,
                    'fields', new.fields - coalesce(new.manager_field, ''), 'managerRecordId', new.manager_record_id));
    elsif new.version <> old.version then
        select coalesce(jsonb_object_agg(k, jsonb_build_object('old', old.fields -> k, 'new', new.fields -> k)), '{}')
        into changes
        from (select jsonb_object_keys(old.fields) as k union select jsonb_object_keys(new.fields)) keys
        where (old.fields -> k) is distinct from (new.fields -> k) and k is distinct from new.manager_field;
        if new.unique_key is distinct from old.unique_key then
            changes := changes || jsonb_build_object('uniqueIdentifier',
                jsonb_build_object('old', old.unique_key, 'new', new.unique_key));
        end if;
        if new.manager_record_id is distinct from old.manager_record_id then
            changes := changes || jsonb_build_object('managerRecordId',
                jsonb_build_object('old', old.manager_record_id, 'new', new.manager_record_id));
        end if;
        if changes <> '{}' then
            insert into record_event (account_id, type, record_type, record_id, record_version, data)
            values (new.account_id, kind || '.updated', tg_table_name, new.id, new.version,
                    jsonb_build_object('changes', changes));
        end if;
        if new.status is distinct from old.status then
            insert into record_event (account_id, type, record_type, record_id, record_version, data)
            values (new.account_id, kind || case when new.status = 'active' then '.reactivated' else '.deactivated' end,
                    tg_table_name, new.id, new.version,
                    jsonb_build_object('status', jsonb_build_object('old', old.status, 'new', new.status),
                        'integrationStatus', new.integration_status, 'reason', new.integration_reason));
        end if;
        if record_entra_state(new.integration_status) is distinct from record_entra_state(old.integration_status) then
            insert into record_event (account_id, type, record_type, record_id, record_version, data)
            values (new.account_id, 'record.entra_state_changed', tg_table_name, new.id, new.version,
                    jsonb_build_object('entraState', jsonb_build_object('old', record_entra_state(old.integration_status),
                        'new', record_entra_state(new.integration_status)), 'reason', new.integration_reason));
        end if;
        -- Nested: a person has no permission level, and a branch is only planned when it runs.
        if tg_table_name = 'login_user' then
            if new.permission_level_id is distinct from old.permission_level_id then
                select jsonb_build_object('id', id, 'name', name) into old_level from permission_level
                    where id = old.permission_level_id;
                select jsonb_build_object('id', id, 'name', name) into new_level from permission_level
                    where id = new.permission_level_id;
                insert into record_event (account_id, type, record_type, record_id, record_version, data)
                values (new.account_id, 'login_user.permission_changed', tg_table_name, new.id, new.version,
                        jsonb_build_object('permissionLevel', jsonb_build_object('old', old_level, 'new', new_level)));
            end if;
        end if;
    end if;
    if tg_op = 'INSERT' or new.scim_user_id is distinct from old.scim_user_id
            or new.entra_object_id is distinct from old.entra_object_id then
        execute format('update %I set manager_record_id = $1 where account_id = $2 and manager_record_id is null'
                || ' and manager_ref in ($3, $4) and id <> $1', tg_table_name)
            using new.id, new.account_id, new.scim_user_id::text, new.entra_object_id;
    end if;
    return null;
end
$$;

create trigger person_before_write before insert or update on person
    for each row execute function record_before_write();
create trigger person_after_write after insert or update on person
    for each row execute function record_after_write();
create trigger login_user_before_write before insert or update on login_user
    for each row execute function record_before_write();
create trigger login_user_after_write after insert or update on login_user
    for each row execute function record_after_write();
