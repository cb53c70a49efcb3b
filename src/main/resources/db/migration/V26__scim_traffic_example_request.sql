-- One request id of each failing answer, so an alert can name an example to look up in the
-- sync log and the server's log.
alter table scim_traffic add column example_request_id text;
