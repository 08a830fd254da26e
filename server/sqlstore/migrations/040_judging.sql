-- Judged contests (speech, document, debate). The configuration (rubric,
-- aggregation, tiers, panel, declared conflicts, tie decisions) and the
-- live stage are JSON documents; version is bumped by every change, so
-- concurrent edits compare and set. judging_panel mirrors the panel for
-- "the contests I judge". A sheet is stored whole (body) with its version;
-- judging_audit keeps every version with who did what and why.
CREATE TABLE judging_contests (
    id {{ID}},
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    organizer_id BIGINT NOT NULL REFERENCES users (id),
    config TEXT NOT NULL,
    stage TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at {{TIME}} NOT NULL,
    updated_at {{TIME}} NOT NULL
);
CREATE INDEX judging_contests_status ON judging_contests (status);

CREATE TABLE judging_panel (
    contest_id BIGINT NOT NULL REFERENCES judging_contests (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (contest_id, user_id)
);
CREATE INDEX judging_panel_user ON judging_panel (user_id);

CREATE TABLE judging_entries (
    id {{ID}},
    contest_id BIGINT NOT NULL REFERENCES judging_contests (id) ON DELETE CASCADE,
    ord INTEGER NOT NULL DEFAULT 0,
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    unit_id BIGINT NOT NULL DEFAULT 0,
    unit TEXT NOT NULL DEFAULT '',
    seconds INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX judging_entries_contest ON judging_entries (contest_id, ord);

CREATE TABLE judging_sheets (
    contest_id BIGINT NOT NULL REFERENCES judging_contests (id) ON DELETE CASCADE,
    entry_id BIGINT NOT NULL REFERENCES judging_entries (id) ON DELETE CASCADE,
    judge_id BIGINT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    at {{TIME}} NOT NULL,
    PRIMARY KEY (contest_id, entry_id, judge_id)
);

CREATE TABLE judging_audit (
    id {{ID}},
    contest_id BIGINT NOT NULL REFERENCES judging_contests (id) ON DELETE CASCADE,
    entry_id BIGINT NOT NULL,
    judge_id BIGINT NOT NULL,
    version INTEGER NOT NULL,
    action TEXT NOT NULL,
    actor_id BIGINT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    sheet TEXT NOT NULL,
    at {{TIME}} NOT NULL
);
CREATE INDEX judging_audit_contest ON judging_audit (contest_id, id);

CREATE TABLE judging_drafts (
    contest_id BIGINT NOT NULL REFERENCES judging_contests (id) ON DELETE CASCADE,
    entry_id BIGINT NOT NULL,
    judge_id BIGINT NOT NULL,
    body TEXT NOT NULL,
    at {{TIME}} NOT NULL,
    PRIMARY KEY (contest_id, entry_id, judge_id)
);

CREATE TABLE judging_draws (
    id {{ID}},
    contest_id BIGINT NOT NULL REFERENCES judging_contests (id) ON DELETE CASCADE,
    seed TEXT NOT NULL,
    entry_order TEXT NOT NULL,
    actor_id BIGINT NOT NULL,
    at {{TIME}} NOT NULL
);

CREATE TABLE judging_appeals (
    id {{ID}},
    contest_id BIGINT NOT NULL REFERENCES judging_contests (id) ON DELETE CASCADE,
    entry_id BIGINT NOT NULL,
    text TEXT NOT NULL,
    filed_by BIGINT NOT NULL,
    filed_at {{TIME}} NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    decided_by BIGINT NOT NULL DEFAULT 0,
    decided_at {{TIME}}
);
CREATE INDEX judging_appeals_contest ON judging_appeals (contest_id);
