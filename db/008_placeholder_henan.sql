-- Passway schema 8: reserved for the henan plugin (issue 16), written in
-- parallel. This placeholder keeps the numbering without gaps on the site
-- branch (issue 20a) and gives way to the real 008 at merge.
SELECT 1;
