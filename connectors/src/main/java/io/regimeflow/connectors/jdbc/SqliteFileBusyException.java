package io.regimeflow.connectors.jdbc;

import java.io.IOException;
import java.nio.file.Path;

/** Another regimeflow run (another process, or another thread here) holds a SQLite file. */
public final class SqliteFileBusyException extends IOException {

    private final Path database;
    private final String holder;

    SqliteFileBusyException(Path database, String holder) {
        super(database + " is held by " + holder);
        this.database = database;
        this.holder = holder;
    }

    /** The database file, absolute. */
    public Path database() {
        return database;
    }

    /** Who holds it, as its lock file says: "pid 4242, regimeflow job, since ...". */
    public String holder() {
        return holder;
    }
}
