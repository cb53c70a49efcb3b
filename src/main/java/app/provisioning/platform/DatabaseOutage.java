package app.provisioning.platform;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
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

	/**
	 * What every surface says while the database cannot be reached, naming what the
	 * client knows it as ("database", "directory store").
	 */
	public static String detail(String what) {
		return "The " + what + " is temporarily unavailable; retry in " + RETRY_AFTER_SECONDS + " s";
	}

	/**
	 * Starts the outage answer on a response written by hand: 503 and Retry-After. The
	 * controllers' advices answer with {@link #retryAfter()} on their response entity.
	 */
	public static void answer(HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
		response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
	}

	/** The Retry-After header of the outage answer. */
	public static HttpHeaders retryAfter() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
		return headers;
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
		// when a transaction cut off by a restart is rolled back: the first error is then
		// hidden.
		return "Connection is closed".equals(sql.getMessage());
	}

}
