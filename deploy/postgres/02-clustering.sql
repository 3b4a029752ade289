-- PresenceCluster schema, part 2: cluster membership (Microsoft.Orleans.Clustering.AdoNet 10.4.2).
-- Query keys and parameter names are the provider's contract; the SQL behind them is ours.
-- Idempotent: tables are created if missing, functions and queries are replaced.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    Timestamp timestamptz(3) NOT NULL DEFAULT now(),
    Version integer NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL,
    Address varchar(45) NOT NULL,
    Port integer NOT NULL,
    Generation integer NOT NULL,
    SiloName varchar(150) NOT NULL,
    HostName varchar(150) NOT NULL,
    Status integer NOT NULL,
    ProxyPort integer NULL,
    SuspectTimes varchar(8000) NULL,
    StartTime timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,

    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId
        FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- The version row is the optimistic lock of the whole membership table: every insert or update of a silo row
-- must name the version it read, and bumps it in the same transaction.

CREATE OR REPLACE FUNCTION presence_insert_membership_version(p_deployment_id varchar)
    RETURNS TABLE (row_count integer)
    LANGUAGE plpgsql AS
$$
DECLARE
    inserted integer;
BEGIN
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (p_deployment_id)
    ON CONFLICT (DeploymentId) DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    RETURN QUERY SELECT inserted;
END
$$;

-- Takes the table's optimistic lock: true when the version was the expected one and is now one higher.
CREATE OR REPLACE FUNCTION presence_bump_membership_version(p_deployment_id varchar, p_expected_version integer)
    RETURNS boolean
    LANGUAGE plpgsql AS
$$
DECLARE
    changed integer;
BEGIN
    UPDATE OrleansMembershipVersionTable v
    SET Version = v.Version + 1, Timestamp = now()
    WHERE v.DeploymentId = p_deployment_id AND v.Version = p_expected_version;
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed > 0;
END
$$;

CREATE OR REPLACE FUNCTION presence_insert_membership(
    p_deployment_id varchar, p_address varchar, p_port integer, p_generation integer, p_silo_name varchar,
    p_host_name varchar, p_status integer, p_proxy_port integer, p_start_time timestamptz, p_i_am_alive_time timestamptz,
    p_expected_version integer)
    RETURNS TABLE (row_count integer)
    LANGUAGE plpgsql AS
$$
DECLARE
    changed integer;
BEGIN
    IF NOT presence_bump_membership_version(p_deployment_id, p_expected_version) THEN
        RETURN QUERY SELECT 0;
        RETURN;
    END IF;

    INSERT INTO OrleansMembershipTable
        (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
    VALUES
        (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port, p_start_time, p_i_am_alive_time)
    ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;
    GET DIAGNOSTICS changed = ROW_COUNT;
    IF changed = 0 THEN
        -- The silo row exists already: raising inside the block rolls the version bump back.
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'presence: membership row exists';
    END IF;

    RETURN QUERY SELECT 1;
EXCEPTION
    WHEN raise_exception THEN
        RETURN QUERY SELECT 0;
END
$$;

CREATE OR REPLACE FUNCTION presence_update_membership(
    p_deployment_id varchar, p_address varchar, p_port integer, p_generation integer, p_status integer,
    p_suspect_times varchar, p_i_am_alive_time timestamptz, p_expected_version integer)
    RETURNS TABLE (row_count integer)
    LANGUAGE plpgsql AS
$$
DECLARE
    changed integer;
BEGIN
    IF NOT presence_bump_membership_version(p_deployment_id, p_expected_version) THEN
        RETURN QUERY SELECT 0;
        RETURN;
    END IF;

    UPDATE OrleansMembershipTable m
    SET Status = p_status, SuspectTimes = p_suspect_times, IAmAliveTime = p_i_am_alive_time
    WHERE m.DeploymentId = p_deployment_id AND m.Address = p_address AND m.Port = p_port AND m.Generation = p_generation;
    GET DIAGNOSTICS changed = ROW_COUNT;
    IF changed = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'presence: membership row missing';
    END IF;

    RETURN QUERY SELECT 1;
EXCEPTION
    WHEN raise_exception THEN
        RETURN QUERY SELECT 0;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', '
    SELECT row_count FROM presence_insert_membership_version(@DeploymentId);
'),
('InsertMembershipKey', '
    SELECT row_count FROM presence_insert_membership(
        @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
        @StartTime, @IAmAliveTime, @Version);
'),
('UpdateMembershipKey', '
    SELECT row_count FROM presence_update_membership(
        @DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version);
'),
('UpdateIAmAlivetimeKey', '
    UPDATE OrleansMembershipTable
    SET IAmAliveTime = @IAmAliveTime
    WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;
'),
('MembershipReadRowKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT OUTER JOIN OrleansMembershipTable m
        ON m.DeploymentId = v.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
    WHERE v.DeploymentId = @DeploymentId;
'),
('MembershipReadAllKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT OUTER JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
    WHERE v.DeploymentId = @DeploymentId;
'),
('DeleteMembershipTableEntriesKey', '
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;
'),
('GatewaysQueryKey', '
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;
'),
('CleanupDefunctSiloEntriesKey', '
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status <> 3;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
