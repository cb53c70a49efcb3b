-- New events are sent straight from the change feed and written once, with their outcome
-- (issue 16's cost target): an endpoint is followed by one sender at a time across the cluster,
-- which holds it with a lease. stream_owner names the sender; when its lease runs out (the
-- instance stopped) another takes the endpoint over from feed_position, sending again what was
-- sent but not yet written (at least once).
alter table webhook_endpoint add column stream_owner uuid;
alter table webhook_endpoint add column stream_lease_until timestamptz;

-- The answer to the attempt that delivered: a delivered event no longer writes an attempt row,
-- only the attempts that failed do; the delivery log shows the delivering attempt from here.
alter table webhook_delivery add column last_excerpt text;
update webhook_delivery d set last_excerpt = a.response_excerpt
    from webhook_attempt a
    where a.delivery_id = d.id and d.state = 'delivered' and a.status between 200 and 299;
delete from webhook_attempt a using webhook_delivery d
    where a.delivery_id = d.id and d.state = 'delivered' and a.status between 200 and 299;
