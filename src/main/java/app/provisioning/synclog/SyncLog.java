package app.provisioning.synclog;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

import app.provisioning.platform.RequestIds;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Appends to the sync log, in the caller's transaction: an entry exists exactly when its
 * change does. Entries are never updated or deleted through the application.
 */
@Component
public class SyncLog {

	public enum Outcome {

		APPLIED, SKIPPED, ERROR

	}

	/**
	 * One change: where it came from, what it did to which record, and the field changes
	 * (old → new).
	 */
	public record Entry(UUID accountId, String source, String operation, String resourceType, String resourceId,
			Outcome outcome, String reason, ObjectNode changes) {
	}

	private final JdbcTemplate jdbc;

	private final Clock clock;

	SyncLog(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public void append(Entry entry) {
		this.jdbc.update(
				"INSERT INTO sync_log (account_id, at, source, operation, resource_type, resource_id, outcome,"
						+ " reason, changes, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, cast(? AS jsonb), ?)",
				entry.accountId(),
				OffsetDateTime.ofInstant(this.clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC),
				entry.source(), entry.operation(), entry.resourceType(), entry.resourceId(),
				entry.outcome().name().toLowerCase(java.util.Locale.ROOT), entry.reason(),
				(entry.changes() != null) ? entry.changes().toString() : "{}", RequestIds.current());
	}

}
