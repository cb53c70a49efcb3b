package app.provisioning.health;

import java.time.Instant;
import java.util.List;

/**
 * How an account's provisioning is doing, and why.
 *
 * @param status {@code healthy}, {@code warning} or {@code failing}
 * @param reasons what makes it so, worst first; empty when healthy
 */
public record AccountHealth(String status, List<String> reasons, List<Condition> conditions, Scim scim,
		Reconciliation reconciliation, List<Credential> credentials, long recordsChangedToday, int deactivationsHeld,
		Instant checkedAt) {

	public static final String HEALTHY = "healthy";

	public static final String WARNING = "warning";

	public static final String FAILING = "failing";

	/**
	 * One thing wrong, as alerts follow it.
	 *
	 * @param kind stable while the same thing stays wrong, for example
	 * {@code scim-silent} or {@code scim-token:<id>}
	 * @param severity {@code warning} or {@code failing}
	 * @param step grows as a deadline comes closer (a credential's 14, 3 and 1 days), so
	 * an alert is sent again at each step; 0 otherwise
	 */
	public record Condition(String kind, String severity, String reason, int step) {
	}

	/**
	 * Entra's SCIM requests.
	 *
	 * @param failureShareLastHour percent of the last hour's requests Entra counts as
	 * failures (every answer but 2xx and 404), null without requests
	 */
	public record Scim(Instant lastRequestAt, Integer lastStatus, Window lastHour, Window lastDay,
			Double failureShareLastHour) {
	}

	/**
	 * Requests over a window, by outcome class; {@code clientErrors} names each 4xx by
	 * status and scimType, for example {@code 400 invalidFilter}.
	 */
	public record Window(long requests, long ok, long clientErrorCount, java.util.Map<String, Long> clientErrors,
			long serverErrors, long rateLimited) {
	}

	/** The last reconciliation run, and how many failed in a row up to it. */
	public record Reconciliation(String lastState, Instant lastFinishedAt, String lastError, int consecutiveFailures) {
	}

	/**
	 * A credential that expires: a SCIM secret token or the Graph client secret.
	 *
	 * @param kind {@code scim-token} or {@code graph-client-secret}
	 */
	public record Credential(String kind, String label, Instant expiresAt, long daysLeft) {
	}

	int severity() {
		return switch (this.status) {
			case FAILING -> 2;
			case WARNING -> 1;
			default -> 0;
		};
	}

}
