DROP INDEX scenarios_owner;
UPDATE conversations SET scenario_id = NULL
    WHERE scenario_id IN (SELECT id FROM scenarios WHERE owner_id IS NOT NULL);
DELETE FROM scenarios WHERE owner_id IS NOT NULL;
ALTER TABLE scenarios DROP COLUMN owner_id;
ALTER TABLE user_preferences DROP COLUMN memory;
DROP TABLE learner_facts;
