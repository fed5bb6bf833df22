-- The outbox claim walks the pending events in (available_at, seq) order and stops at its limit:
-- the index carries seq, so the order comes from the index instead of a sort of every pending row.
DROP INDEX ix_plugipay_event_pending;
CREATE INDEX ix_plugipay_event_pending ON plugipay_event (pending, available_at, seq);
