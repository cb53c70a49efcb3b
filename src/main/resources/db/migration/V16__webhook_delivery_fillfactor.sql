-- A delivery row is updated two or three times in its life (lease, outcome). Room on the page
-- lets the lease update stay on it without new index entries, so the queue's indexes do not
-- fill with dead entries that every claim has to step over.
alter table webhook_delivery set (fillfactor = 70);
