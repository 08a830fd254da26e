-- Bank-health findings a person judged acceptable, with the reason. A
-- finding's key names its kind and the questions at their revisions, so an
-- edit reopens it. Dismissing a cross-question leak lets the pair share a
-- paper again (the draw reads this table through the bank version).
CREATE TABLE quiz_health_dismissals (
    finding_key TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    dismissed_by BIGINT NOT NULL REFERENCES users (id),
    dismissed_at {{TIME}} NOT NULL
);
