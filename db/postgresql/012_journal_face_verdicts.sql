-- Passway PostgreSQL schema 12: the face check's verdicts in the journal, by
-- record (see db/011_journal_face_verdicts.sql): the record page's lookup
-- searches this index instead of parsing every entry's payload.
CREATE INDEX journal_face_verdicts ON journal (((payload::jsonb ->> 'recordId')), seq)
    WHERE topic IN ('face.matched', 'record.suspect');
