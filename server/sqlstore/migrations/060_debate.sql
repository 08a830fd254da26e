-- Debate tournaments (issue 14). Settings (format, tie-breakers, judge
-- pool) are a JSON document with a version for compare-and-set. Teams
-- and debaters have rows (debater ids are the speaker rankings' keys).
-- A round keeps its draw with the notes that explain it; a match keeps
-- its panel, lineup and live state as JSON and a version that every
-- console command and every ballot bumps (Changes sums them). A ballot
-- is written once: (match_id, judge_id) is its primary key.
CREATE TABLE debate_tournaments (
    id {{ID}},
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    organizer_id BIGINT NOT NULL REFERENCES users (id),
    settings TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at {{TIME}} NOT NULL,
    updated_at {{TIME}} NOT NULL
);

CREATE TABLE debate_teams (
    id {{ID}},
    tournament_id BIGINT NOT NULL REFERENCES debate_tournaments (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    unit_id BIGINT NOT NULL DEFAULT 0,
    withdrawn INTEGER NOT NULL DEFAULT 0,
    UNIQUE (tournament_id, name)
);

CREATE TABLE debate_debaters (
    id {{ID}},
    team_id BIGINT NOT NULL REFERENCES debate_teams (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL
);
CREATE INDEX debate_debaters_team ON debate_debaters (team_id, position);

CREATE TABLE debate_rounds (
    tournament_id BIGINT NOT NULL REFERENCES debate_tournaments (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    at {{TIME}} NOT NULL,
    PRIMARY KEY (tournament_id, number)
);

CREATE TABLE debate_matches (
    id {{ID}},
    tournament_id BIGINT NOT NULL REFERENCES debate_tournaments (id) ON DELETE CASCADE,
    round INTEGER NOT NULL,
    kind TEXT NOT NULL,
    slot INTEGER NOT NULL DEFAULT 0,
    pro BIGINT NOT NULL REFERENCES debate_teams (id),
    con BIGINT NOT NULL REFERENCES debate_teams (id),
    motion TEXT NOT NULL,
    lineup TEXT NOT NULL,
    judges TEXT NOT NULL,
    live TEXT NOT NULL,
    locked INTEGER NOT NULL DEFAULT 0,
    decision TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL
);
CREATE INDEX debate_matches_tournament ON debate_matches (tournament_id, round);

CREATE TABLE debate_ballots (
    match_id BIGINT NOT NULL REFERENCES debate_matches (id) ON DELETE CASCADE,
    judge_id BIGINT NOT NULL REFERENCES users (id),
    tournament_id BIGINT NOT NULL REFERENCES debate_tournaments (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    at {{TIME}} NOT NULL,
    PRIMARY KEY (match_id, judge_id)
);
CREATE INDEX debate_ballots_tournament ON debate_ballots (tournament_id);
