-- Each table has one owning feature. What other features may read of it is published as a
-- view here, owned by the same feature: the owner can change its tables as long as it keeps
-- its views, and readers join them in one statement (a plain view costs nothing at run
-- time: PostgreSQL plans it as the table). Other features never write through them.

-- directory: a SCIM user as reconciliation sees it; "enabled" is active and not deleted
create view published_scim_user as
    select account_id, id, user_name, external_id, (active and deleted_at is null) as enabled
    from scim_user;

-- directory: who is in which group
create view published_group_member as
    select account_id, group_id, member_id
    from scim_group_member;

-- logins: the permission levels and the group that grants each
create view published_permission_level as
    select account_id, id, name, rank
    from permission_level;

create view published_group_permission_level as
    select account_id, scim_group_id, permission_level_id
    from group_permission_level;

-- mapping: the records and their maps, as reconciliation compares them with Entra
create view published_person as
    select account_id, id, field_map_id, unique_key, status, integration_status, scim_user_id,
           entra_object_id, origin, created_at
    from person;

create view published_login_user as
    select account_id, id, field_map_id, unique_key, status, integration_status, scim_user_id,
           entra_object_id, origin, created_at
    from login_user;

create view published_field_map as
    select account_id, id, unique_identifier
    from field_map;
