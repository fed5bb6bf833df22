-- The outbox claim takes due events oldest first (by seq), so a retry that came due is not
-- starved by a steady stream of new events (all of which are due at once): the pending index is
-- in seq order, and the claim filters availability and leases while it walks it.
DROP INDEX ix_plugipay_event_pending;
CREATE INDEX ix_plugipay_event_pending ON plugipay_event (pending, seq);
