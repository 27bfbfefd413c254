-- The trace context of the publish that stored an event (W3C traceparent), kept only while tracing is on, so the
-- dispatch and the pushes of the event continue the publisher's trace. A nullable column without a default is a
-- change of the catalogue only: the monthly partitions inherit it and no row is rewritten.
ALTER TABLE event ADD COLUMN traceparent text;
