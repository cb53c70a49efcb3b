package app.provisioning.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import org.springframework.jdbc.core.namedparam.NamedParameterUtils;

/**
 * How PostgreSQL plans a statement that one connection of the server sends again and
 * again: the driver prepares it on the server after a few executions, and PostgreSQL then
 * either keeps one generic plan or plans it anew for every execution.
 */
public final class PlanCaching {

	private static final int EXECUTIONS = 20;

	private static final String MARK = "/* plan caching */ ";

	private PlanCaching() {
	}

	/** What PostgreSQL counted for the prepared statement. */
	public record Plans(long generic, long custom) {
	}

	/**
	 * Runs {@code sql} (with {@code ?} or {@code :name} placeholders, bound in order of
	 * appearance; a {@code UUID[]} as an array) twenty times on {@code connection}
	 * through the driver, as the server does; the caller's transaction is left to the
	 * caller.
	 */
	public static Plans of(Connection connection, String sql, Object... arguments) throws SQLException {
		String marked = MARK + NamedParameterUtils.parseSqlStatementIntoString(sql);
		try (PreparedStatement statement = connection.prepareStatement(marked)) {
			for (int i = 0; i < arguments.length; i++) {
				statement.setObject(i + 1,
						(arguments[i] instanceof UUID[] ids) ? connection.createArrayOf("uuid", ids) : arguments[i]);
			}
			for (int i = 0; i < EXECUTIONS; i++) {
				statement.executeQuery().close();
			}
		}
		try (PreparedStatement counts = connection.prepareStatement("SELECT generic_plans, custom_plans"
				+ " FROM pg_prepared_statements WHERE NOT from_sql AND starts_with(statement, ?)")) {
			counts.setString(1, MARK);
			try (ResultSet rows = counts.executeQuery()) {
				if (!rows.next()) {
					throw new IllegalStateException("The driver did not prepare the statement on the server");
				}
				return new Plans(rows.getLong(1), rows.getLong(2));
			}
		}
	}

}
