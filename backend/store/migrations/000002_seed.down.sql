DELETE FROM scenarios;
DELETE FROM tiers;
DELETE FROM speakers;
DELETE FROM languages;
