DROP TABLE vocabulary_reviews;
DROP TABLE vocabulary_progress;
