-- Passway schema 5 is issue 14's record identity (branch issue-14-records).
-- This placeholder only keeps the numbering without gaps on the sync branch
-- (migrations must be 1, 2, 3, ...); the records branch's 005 replaces it
-- when the two meet. It leaves nothing behind: a temporary view lasts only
-- as long as the migrating connection.
CREATE TEMP VIEW reserved_schema_5 AS SELECT 1;
