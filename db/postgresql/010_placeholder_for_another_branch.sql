-- Placeholder: number 010 belongs to another branch (issue 20c). Migrations
-- must be numbered without gaps, so this branch's 011 needs a 010 to stand
-- on. Dropped at merge, where that branch's 010 takes its place.
SELECT 1;
