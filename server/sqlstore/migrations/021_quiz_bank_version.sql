-- A counter bumped in the same transaction as every change to questions,
-- bank membership or law versions, so instances can cache draw pools and
-- notice changes made by other instances with one cheap read.
CREATE TABLE quiz_bank_version (
    id INTEGER PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO quiz_bank_version (id, version) VALUES (1, 0);
