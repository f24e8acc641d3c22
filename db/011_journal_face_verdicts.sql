-- Passway schema 11: the face check's verdicts in the journal, by record.
--
-- A record's page shows what the face check said about its photo: the newest
-- face.matched or record.suspect entry whose payload names the record. Found
-- by json_extract on every journal entry, that read the whole journal under
-- the store's lock for each record opened (0.3-0.8 s at a million entries).
-- The index holds the verdicts only (one entry per checked photo, in record
-- order: appended at the end), so the lookup is a search.
CREATE INDEX journal_face_verdicts ON journal (json_extract(payload, '$.recordId'), seq)
    WHERE topic IN ('face.matched', 'record.suspect');
