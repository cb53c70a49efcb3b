package app.provisioning.reconcile;

import java.time.Instant;
import java.util.UUID;

/**
 * An account's Entra app registration for reading Graph, and how often to reconcile. The
 * client secret stays encrypted here; only {@link GraphConnections#clientSecret} decrypts
 * it.
 */
public record GraphConnection(UUID accountId, String tenantId, String clientId, boolean clientSecretSet,
		String clientSecretHint, Instant clientSecretExpiresAt, String applicationObjectId, Schedule schedule,
		boolean refreshFields, String notifyUrl, Instant nextRunAt, ConnectionTest.Result lastTest, Instant updatedAt,
		String usersDeltaLink, Instant fullScanAt) {

	/**
	 * The mode of the next account-wide run: {@code delta} (only Graph's changes since
	 * the last run) while a full read of the tenant is recent enough, else {@code full}.
	 */
	public String nextRunMode(java.time.Instant now, java.time.Duration fullReadEvery, boolean fullRequested) {
		boolean recent = this.fullScanAt != null && this.fullScanAt.isAfter(now.minus(fullReadEvery));
		return (!fullRequested && this.usersDeltaLink != null && recent) ? "delta" : "full";
	}

	/**
	 * When scheduled runs happen: never, every so many minutes, or by a cron expression
	 * in a time zone.
	 */
	public record Schedule(Kind kind, Integer intervalMinutes, String cron, String zone) {

		public enum Kind {

			OFF, INTERVAL, CRON

		}

		public static final Schedule OFF = new Schedule(Kind.OFF, null, null, "UTC");

	}

}
