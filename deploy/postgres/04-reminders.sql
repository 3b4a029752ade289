-- PresenceCluster schema, part 4: reminders (Microsoft.Orleans.Reminders.AdoNet 10.4.2).
-- Query keys and parameter names are the provider's contract; the SQL behind them is ours.
-- Idempotent: tables are created if missing, functions and queries are replaced.

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId varchar(150) NOT NULL,
    GrainId varchar(150) NOT NULL,
    ReminderName varchar(150) NOT NULL,
    StartTime timestamptz(3) NOT NULL,
    Period bigint NOT NULL,
    GrainHash integer NOT NULL,
    Version integer NOT NULL,

    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

CREATE INDEX IF NOT EXISTS IX_RemindersTable_GrainHash ON OrleansRemindersTable (ServiceId, GrainHash);

CREATE OR REPLACE FUNCTION presence_upsert_reminder(
    p_service_id varchar, p_grain_id varchar, p_reminder_name varchar, p_start_time timestamptz,
    p_period bigint, p_grain_hash integer)
    RETURNS TABLE (new_version integer)
    LANGUAGE plpgsql AS
$$
BEGIN
    RETURN QUERY
    INSERT INTO OrleansRemindersTable AS r (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES (p_service_id, p_grain_id, p_reminder_name, p_start_time, p_period, p_grain_hash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
        SET StartTime = excluded.StartTime, Period = excluded.Period, GrainHash = excluded.GrainHash,
            Version = r.Version + 1
    RETURNING r.Version;
END
$$;

CREATE OR REPLACE FUNCTION presence_delete_reminder(
    p_service_id varchar, p_grain_id varchar, p_reminder_name varchar, p_version integer)
    RETURNS TABLE (row_count integer)
    LANGUAGE plpgsql AS
$$
DECLARE
    deleted integer;
BEGIN
    DELETE FROM OrleansRemindersTable r
    WHERE r.ServiceId = p_service_id AND r.GrainId = p_grain_id AND r.ReminderName = p_reminder_name
      AND r.Version = p_version;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN QUERY SELECT deleted;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', '
    SELECT new_version AS Version FROM presence_upsert_reminder(
        @ServiceId, @GrainId, @ReminderName, @StartTime, @Period::bigint, @GrainHash);
'),
('ReadReminderRowsKey', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId;
'),
('ReadReminderRowKey', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainId = @GrainId AND ReminderName = @ReminderName;
'),
('ReadRangeRows1Key', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND GrainHash > @BeginHash AND GrainHash <= @EndHash;
'),
('ReadRangeRows2Key', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
'),
('DeleteReminderRowKey', '
    SELECT row_count FROM presence_delete_reminder(@ServiceId, @GrainId, @ReminderName, @Version);
'),
('DeleteReminderRowsKey', '
    DELETE FROM OrleansRemindersTable WHERE ServiceId = @ServiceId;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
