-- The sweep that closes attempts past their deadline reads open attempts by deadline.
CREATE INDEX quiz_attempts_open_deadline ON quiz_attempts (deadline) WHERE status = 'open';
