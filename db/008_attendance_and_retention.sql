-- Passway schema: the working shifts attendance is judged against, and the
-- indexes retention needs.
-- One shift per department; the row with department '' is the site's shift,
-- used for everyone whose department has none of its own. Times are minutes
-- after local midnight (the page's time zone), so 09:00 is 540.
CREATE TABLE attendance_shifts (
    department    TEXT    PRIMARY KEY,
    starts_at     INTEGER NOT NULL CHECK (starts_at BETWEEN 0 AND 1439),
    ends_at       INTEGER NOT NULL CHECK (ends_at BETWEEN 0 AND 1439),
    grace_minutes INTEGER NOT NULL DEFAULT 0 CHECK (grace_minutes BETWEEN 0 AND 720),
    updated_at    INTEGER NOT NULL
);
INSERT INTO attendance_shifts (department, starts_at, ends_at, grace_minutes, updated_at) VALUES ('', 540, 1080, 0, 0);

-- Retention (records.retention_days) deletes the oldest received records in
-- small batches, then the photos nothing else refers to: these indexes keep
-- each batch short, so terminals' inserts never wait long behind it.
CREATE INDEX records_received_time ON records (received_time);
CREATE INDEX records_photo_blob ON records (photo_blob) WHERE photo_blob <> '';
CREATE INDEX persons_photo_blob ON persons (photo_blob) WHERE photo_blob <> '';
CREATE INDEX person_credentials_blob ON person_credentials (blob) WHERE blob <> '';
CREATE INDEX face_embeddings_photo_blob ON face_embeddings (photo_blob);
