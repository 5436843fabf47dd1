package io.regimeflow.connectors.jdbc;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * The two databases the JDBC sink writes: SQLite (the embedded default) and PostgreSQL. The SQL
 * is the same for both (both accept {@code INSERT ... ON CONFLICT DO UPDATE}); only the exact
 * decimal type differs: PostgreSQL has NUMERIC, while SQLite would turn a NUMERIC column's value
 * into a binary double, so there exact decimals are kept as TEXT.
 */
public enum SqlDialect {
    SQLITE("jdbc:sqlite:", "org.sqlite.JDBC", "TEXT", "TEXT", "?",
            "INTEGER PRIMARY KEY AUTOINCREMENT"),
    POSTGRESQL("jdbc:postgresql:", "org.postgresql.Driver", "NUMERIC", "JSONB",
            "CAST(? AS JSONB)", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY");

    private final String urlPrefix;
    private final String driverClass;
    private final String decimalType;
    private final String jsonType;
    private final String jsonParameter;
    private final String identityType;

    SqlDialect(String urlPrefix, String driverClass, String decimalType, String jsonType,
            String jsonParameter, String identityType) {
        this.urlPrefix = urlPrefix;
        this.driverClass = driverClass;
        this.decimalType = decimalType;
        this.jsonType = jsonType;
        this.jsonParameter = jsonParameter;
        this.identityType = identityType;
    }

    /**
     * The dialect of a JDBC URL.
     *
     * @throws IllegalArgumentException for any other database
     */
    public static SqlDialect of(String jdbcUrl) {
        for (SqlDialect d : values()) {
            if (jdbcUrl != null && jdbcUrl.startsWith(d.urlPrefix)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unsupported JDBC URL '" + jdbcUrl
                + "'; expected jdbc:sqlite:<file> or jdbc:postgresql://<host>:<port>/<database>");
    }

    public String driverClass() {
        return driverClass;
    }

    /** The column type that holds an exact decimal. */
    public String decimalType() {
        return decimalType;
    }

    /** The column type that holds a JSON document: JSONB on PostgreSQL (queryable), else text. */
    public String jsonType() {
        return jsonType;
    }

    /** A generated row id column. */
    public String identityType() {
        return identityType;
    }

    /** The placeholder that binds JSON text to a JSON column. */
    public String jsonParameter() {
        return jsonParameter;
    }

    /**
     * The URL to connect with. SQLite gets a busy timeout, so that the job's several sink writers
     * (and a reader such as the dashboard) wait for each other instead of failing with "database
     * is locked". Write-ahead logging is switched on once, by the schema migration (it stays in
     * the file): set on every connection, the switch itself fails when connections open at once.
     */
    public String connectionUrl(String jdbcUrl) {
        if (this != SQLITE || jdbcUrl.contains("busy_timeout")) {
            return jdbcUrl;
        }
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "busy_timeout=60000";
    }

    /** Binds an exact decimal: as NUMERIC on PostgreSQL, as its plain text on SQLite. */
    public void bindDecimal(PreparedStatement ps, int index, BigDecimal value)
            throws SQLException {
        if (value == null) {
            ps.setNull(index, this == SQLITE ? Types.VARCHAR : Types.NUMERIC);
        } else if (this == SQLITE) {
            ps.setString(index, value.toPlainString());
        } else {
            ps.setBigDecimal(index, value);
        }
    }
}
