-- The display a client sent with a group member (Microsoft's reference SCIM test collection
-- expects it back); null when none was sent. Adding a nullable column rewrites nothing.
alter table scim_group_member add column display text;
