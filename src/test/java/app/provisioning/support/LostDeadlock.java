package app.provisioning.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

/**
 * Makes a request of the server lose a deadlock against the test, on purpose: the test
 * holds one row, the request takes another and waits for the test's, then the test asks
 * for the request's. PostgreSQL checks for a cycle one second after a backend starts
 * waiting, so the request, which waited first, is the one rolled back.
 */
public final class LostDeadlock {

	private LostDeadlock() {
	}

	/**
	 * @param held the test's first lock, e.g. {@code SELECT 1 FROM t WHERE id = ? FOR
	 * UPDATE}
	 * @param waitingStatement how the request's statement that waits for it begins
	 * @param then the test's second lock, on a row the request holds
	 */
	public static <T> T provoke(DataSource dataSource, Lock held, String waitingStatement, Lock then,
			Callable<T> request) throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			held.take(connection);
			FutureTask<T> answer = new FutureTask<>(request);
			new Thread(answer, "request-that-loses-a-deadlock").start();
			awaitWaiting(dataSource, waitingStatement);
			then.take(connection);
			connection.rollback();
			return answer.get(30, TimeUnit.SECONDS);
		}
	}

	/** A row lock, taken with one parameter. */
	public record Lock(String sql, Object parameter) {

		void take(Connection connection) throws SQLException {
			try (PreparedStatement statement = connection.prepareStatement(this.sql)) {
				statement.setObject(1, this.parameter);
				statement.execute();
			}
		}

	}

	// From a connection of its own: inside a transaction PostgreSQL shows the same
	// snapshot of pg_stat_activity until it ends.
	private static void awaitWaiting(DataSource dataSource, String statementStart) throws Exception {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		try (Connection observer = dataSource.getConnection();
				PreparedStatement waiting = observer.prepareStatement("SELECT count(*) FROM pg_stat_activity"
						+ " WHERE wait_event_type = 'Lock' AND query LIKE ? AND pid <> pg_backend_pid()")) {
			waiting.setString(1, statementStart + "%");
			while (System.nanoTime() < end) {
				try (ResultSet rows = waiting.executeQuery()) {
					rows.next();
					if (rows.getInt(1) > 0) {
						return;
					}
				}
				Thread.sleep(20);
			}
		}
		throw new AssertionError("The server's statement '" + statementStart + "' never waited for the test's lock");
	}

}
