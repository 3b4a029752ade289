-- PresenceCluster schema, part 3: grain state (Microsoft.Orleans.Persistence.AdoNet 10.4.2).
-- Query keys and parameter names are the provider's contract; the SQL behind them is ours.
-- Rows are found by service, grain type and grain id; Version is the ETag: a write must name the version it
-- read, so a stale activation's write changes nothing and is reported as a conflict. The provider hands the
-- serialized state (System.Text.Json, UTF-8) as @PayloadBinary; read it with convert_from(PayloadBinary, 'UTF8').
-- Idempotent: tables are created if missing, functions and queries are replaced.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash integer NOT NULL,
    GrainIdN0 bigint NOT NULL,
    GrainIdN1 bigint NOT NULL,
    GrainTypeHash integer NOT NULL,
    GrainTypeString varchar(512) NOT NULL,
    GrainIdExtensionString varchar(512) NULL,
    ServiceId varchar(150) NOT NULL,
    PayloadBinary bytea NULL,
    ModifiedOn timestamp NOT NULL,
    Version integer NULL
);

CREATE INDEX IF NOT EXISTS IX_OrleansStorage ON OrleansStorage USING btree (GrainIdHash, GrainTypeHash);

-- One row per grain: concurrent first writes of the same grain (split brain) cannot both insert.
CREATE UNIQUE INDEX IF NOT EXISTS UX_OrleansStorage_Grain ON OrleansStorage
    (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdHash, GrainTypeHash, COALESCE(GrainIdExtensionString, ''));

CREATE OR REPLACE FUNCTION presence_write_grain_state(
    p_grain_id_hash integer, p_grain_id_n0 bigint, p_grain_id_n1 bigint, p_grain_type_hash integer,
    p_grain_type varchar, p_grain_id_extension varchar, p_service_id varchar, p_version integer,
    p_payload_binary bytea)
    RETURNS TABLE (NewGrainStateVersion integer)
    LANGUAGE plpgsql AS
$$
DECLARE
    changed integer;
BEGIN
    IF p_version IS NULL THEN
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString, GrainIdExtensionString, ServiceId,
             PayloadBinary, ModifiedOn, Version)
        VALUES
            (p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type, p_grain_id_extension,
             p_service_id, p_payload_binary, now() AT TIME ZONE 'utc', 1)
        ON CONFLICT DO NOTHING;
        GET DIAGNOSTICS changed = ROW_COUNT;
        -- The provider reads an unchanged version as "not written" and raises InconsistentStateException.
        RETURN QUERY SELECT CASE WHEN changed > 0 THEN 1 ELSE NULL END;
        RETURN;
    END IF;

    UPDATE OrleansStorage s
    SET PayloadBinary = p_payload_binary,
        ModifiedOn = now() AT TIME ZONE 'utc', Version = s.Version + 1
    WHERE s.GrainIdHash = p_grain_id_hash AND s.GrainTypeHash = p_grain_type_hash
      AND s.GrainIdN0 = p_grain_id_n0 AND s.GrainIdN1 = p_grain_id_n1
      AND s.GrainTypeString = p_grain_type
      AND s.GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_extension
      AND s.ServiceId = p_service_id
      AND s.Version = p_version;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN QUERY SELECT CASE WHEN changed > 0 THEN p_version + 1 ELSE p_version END;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', '
    SELECT NewGrainStateVersion FROM presence_write_grain_state(
        @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
        @ServiceId, @GrainStateVersion, @PayloadBinary);
'),
('ReadFromStorageKey', '
    SELECT PayloadBinary, NULL::xml AS PayloadXml, NULL::text AS PayloadJson, (now() AT TIME ZONE ''utc''), Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND ServiceId = @ServiceId;
'),
('ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash
      AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND ServiceId = @ServiceId
      AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
