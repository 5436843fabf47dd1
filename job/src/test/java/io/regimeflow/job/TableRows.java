package io.regimeflow.job;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Query results as text rows, to compare what two runs wrote. */
final class TableRows {
    private TableRows() {}

    /** The rows of {@code sql}, in the order the query gives them. */
    static List<List<String>> of(Connection c, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Every row of {@code table}, sorted, whatever order the database keeps them in. */
    static List<List<String>> sorted(Connection c, String table) throws SQLException {
        List<List<String>> rows = of(c, "SELECT * FROM " + table);
        rows.sort((a, b) -> String.join("\u0001", a).compareTo(String.join("\u0001", b)));
        return rows;
    }
}
