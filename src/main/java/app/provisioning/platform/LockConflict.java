package app.provisioning.platform;

import java.sql.SQLException;
import java.util.Set;

import org.springframework.dao.PessimisticLockingFailureException;

/**
 * Tells a transaction PostgreSQL rolled back because it collided with another one
 * (deadlock, serialization failure, lock not available) from an outage: nothing was
 * changed and the database is fine, so the caller is told to send the request again, not
 * that the database is down.
 */
public final class LockConflict {

	// 40P01 deadlock detected, 40001 serialization failure, 55P03 lock not available.
	private static final Set<String> STATES = Set.of("40P01", "40001", "55P03");

	/** What the administration surfaces say; nothing of the request was kept. */
	public static final String DETAIL = "Another change to the same thing was being written at the same moment;"
			+ " nothing was changed, send the request again";

	/** What the SCIM surface says, with a 503 and a short Retry-After. */
	public static final String SCIM_DETAIL = "The request met another change to the same resource at the same moment"
			+ " and was rolled back; nothing was changed, send it again";

	private LockConflict() {
	}

	public static boolean isCause(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof PessimisticLockingFailureException) {
				return true;
			}
			if (cause instanceof SQLException sql && sql.getSQLState() != null && STATES.contains(sql.getSQLState())) {
				return true;
			}
		}
		return false;
	}

}
