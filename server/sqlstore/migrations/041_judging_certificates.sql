-- Award certificates of published judged contests: one per entry, with
-- what it names copied at issue time; code is the public verification key.
CREATE TABLE judging_certificates (
    id {{ID}},
    contest_id BIGINT NOT NULL REFERENCES judging_contests (id) ON DELETE CASCADE,
    entry_id BIGINT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    entry_title TEXT NOT NULL DEFAULT '',
    contest_title TEXT NOT NULL,
    tier TEXT NOT NULL,
    rank INTEGER NOT NULL,
    score TEXT NOT NULL,
    issued_by BIGINT NOT NULL,
    issued_at {{TIME}} NOT NULL,
    UNIQUE (contest_id, entry_id)
);
