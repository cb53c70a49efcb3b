-- The active records a window's share is taken of, counted once per window: counted at every
-- decision, deactivations already let through but not yet committed would count as active and
-- raise the limit while a mass deactivation is under way.
alter table deactivation_brake add column share_base integer;
alter table deactivation_brake add column share_base_at timestamptz;
