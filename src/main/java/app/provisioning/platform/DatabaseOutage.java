package app.provisioning.platform;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure of the database (down, restarting, unreachable, no connection free in
 * time) from a bug, so that callers answer 503 with Retry-After and the client comes
 * back, instead of 500. Entra retries a 503 later; a burst of 500s gets the provisioning
 * job quarantined.
 */
public final class DatabaseOutage {

	/** What a client is told to wait before retrying. */
	public static final int RETRY_AFTER_SECONDS = 30;

	private DatabaseOutage() {
	}

	public static boolean isCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof CannotCreateTransactionException
					|| cause instanceof SQLTransientConnectionException) {
				return true;
			}
			if (cause instanceof SQLException sql && isConnectionLoss(sql)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isConnectionLoss(SQLException sql) {
		String state = sql.getSQLState();
		if (state != null) {
			// 08: connection exceptions; 57P: the server is shutting down or restarting.
			return state.startsWith("08") || state.startsWith("57P");
		}
		// The pool's answer for a connection it already dropped after such an error, e.g.
		// when a
		// transaction cut off by a restart is rolled back: the first error is then
		// hidden.
		return "Connection is closed".equals(sql.getMessage());
	}

}
