-- Passway schema 9: reserved for the zjchilink plugin (issue 18), written in
-- parallel. This placeholder keeps the numbering without gaps on the site
-- branch (issue 20a) and gives way to the real 009 at merge.
SELECT 1;
