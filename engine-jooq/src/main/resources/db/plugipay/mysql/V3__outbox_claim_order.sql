-- The outbox claim walks the pending events in (available_at, seq) order and stops at its limit:
-- the index carries seq (InnoDB appends the primary key anyway; named here for every engine).
ALTER TABLE plugipay_event
  DROP INDEX ix_plugipay_event_pending,
  ADD INDEX ix_plugipay_event_pending (pending, available_at, seq);
