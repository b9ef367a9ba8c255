DROP TABLE scenario_attempts;
DROP TABLE user_learning_stats;
