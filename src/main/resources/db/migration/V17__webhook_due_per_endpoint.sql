-- A claim takes each endpoint's oldest due deliveries, up to the room that endpoint has left,
-- so it reads only what it can send: with one endpoint at its limit, scanning the whole queue
-- in due order to skip that endpoint's rows cost more than the deliveries themselves.
create index webhook_delivery_endpoint_due_idx on webhook_delivery (endpoint_id, next_attempt_at, id)
    where state = 'pending';
-- It replaces the queue-wide due index, which nothing reads any more and every delivery wrote.
drop index webhook_delivery_due_idx;
