-- Debate tournaments, the second part (issue 14): a judge's draft ballot
-- kept on the server (a reload or another device finds it; the submit
-- deletes it in its transaction), and the audit trail of what an
-- organizer changed after the fact (an unlocked match, a reopened
-- ballot kept whole in detail, a decided knockout, a hand-seated panel),
-- each with its reason.
CREATE TABLE debate_drafts (
    match_id BIGINT NOT NULL REFERENCES debate_matches (id) ON DELETE CASCADE,
    judge_id BIGINT NOT NULL REFERENCES users (id),
    tournament_id BIGINT NOT NULL REFERENCES debate_tournaments (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    at {{TIME}} NOT NULL,
    PRIMARY KEY (match_id, judge_id)
);

CREATE TABLE debate_audit (
    id {{ID}},
    tournament_id BIGINT NOT NULL REFERENCES debate_tournaments (id) ON DELETE CASCADE,
    match_id BIGINT NOT NULL REFERENCES debate_matches (id) ON DELETE CASCADE,
    actor_id BIGINT NOT NULL REFERENCES users (id),
    action TEXT NOT NULL,
    reason TEXT NOT NULL,
    judge_id BIGINT NOT NULL DEFAULT 0,
    detail TEXT NOT NULL DEFAULT '',
    at {{TIME}} NOT NULL
);
CREATE INDEX debate_audit_tournament ON debate_audit (tournament_id, id);
