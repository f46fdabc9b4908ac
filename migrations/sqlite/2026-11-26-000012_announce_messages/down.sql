-- Nothing to do: a SQLite store is one instance's, which wakes its own
-- readers (store::appended). The PostgreSQL migration of the same name adds
-- the trigger that wakes other instances'; this one keeps the lists in step.
SELECT 1;
