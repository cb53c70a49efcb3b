-- Entra-issued tokens carry an audience shared by every custom SCIM app, so accepting them
-- must be an explicit choice per account.
alter table account add column accept_entra_tokens boolean not null default false;
