DROP TABLE learned_translations;
