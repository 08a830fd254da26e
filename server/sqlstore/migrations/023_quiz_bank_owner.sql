-- Banks belong to the organizer who made them (0: no owner, shared by all
-- organizers: banks made by the demo loader or before owners were kept).
ALTER TABLE quiz_banks ADD COLUMN created_by BIGINT NOT NULL DEFAULT 0;
