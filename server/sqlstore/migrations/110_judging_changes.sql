-- A judged contest's own history for the audit trail: every status change
-- (with the reason a reopening needs), every edit of the configuration or
-- title and every replacement of the entries, with who and when and each
-- changed field before and after (fields: a JSON list of {field, before,
-- after}). Written in the transaction of the change itself.
CREATE TABLE judging_changes (
    id {{ID}},
    contest_id BIGINT NOT NULL REFERENCES judging_contests (id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    actor_id BIGINT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    fields TEXT NOT NULL,
    at {{TIME}} NOT NULL
);
CREATE INDEX judging_changes_contest ON judging_changes (contest_id, id);
