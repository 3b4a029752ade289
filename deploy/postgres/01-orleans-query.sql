-- PresenceCluster schema, part 1: the table Orleans' ADO.NET providers read their SQL from.
-- Idempotent: safe to run again on an existing database.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) NOT NULL,
    QueryText varchar(8000) NOT NULL,

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
