-- Live contests. A contest's configuration (mode, teams, seated players,
-- rounds and the questions snapshotted at publication) is one JSON
-- document, frozen once published. The log holds every accepted action
-- (host command, press, answer, join) in order: the game is a replay of
-- it. contest_scores holds every score change, for the board and audits.
CREATE TABLE contests (
    id {{ID}},
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    host_id BIGINT NOT NULL REFERENCES users (id),
    config TEXT NOT NULL,
    created_at {{TIME}} NOT NULL,
    updated_at {{TIME}} NOT NULL
);
CREATE INDEX contests_status ON contests (status);

CREATE TABLE contest_log (
    contest_id BIGINT NOT NULL REFERENCES contests (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    type TEXT NOT NULL,
    user_id BIGINT NOT NULL DEFAULT 0,
    at {{TIME}} NOT NULL,
    client_id TEXT,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL,
    PRIMARY KEY (contest_id, seq)
);
CREATE UNIQUE INDEX contest_log_client ON contest_log (contest_id, client_id) WHERE client_id IS NOT NULL;

CREATE TABLE contest_scores (
    contest_id BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    n INTEGER NOT NULL,
    side BIGINT NOT NULL,
    user_id BIGINT NOT NULL DEFAULT 0,
    delta INTEGER NOT NULL,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (contest_id, seq, n),
    FOREIGN KEY (contest_id, seq) REFERENCES contest_log (contest_id, seq) ON DELETE CASCADE
);
