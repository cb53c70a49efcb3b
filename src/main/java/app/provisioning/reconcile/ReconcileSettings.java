package app.provisioning.reconcile;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import app.provisioning.platform.Problem;
import app.provisioning.platform.Refusal;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Saves an account's reconciliation settings (schedule, field refresh, notification) on
 * its Entra connection, and when the schedule next runs.
 */
@Service
public class ReconcileSettings {

	private final JdbcTemplate jdbc;

	private final GraphConnections connections;

	private final Clock clock;

	ReconcileSettings(JdbcTemplate jdbc, GraphConnections connections, Clock clock) {
		this.jdbc = jdbc;
		this.connections = connections;
		this.clock = clock;
	}

	/**
	 * Saves the settings. Every problem is reported at once; nothing is saved when there
	 * is one.
	 */
	@Transactional
	public GraphConnection save(UUID accountId, RunSettings settings) {
		this.connections.get(accountId);
		List<Problem> problems = settings.problems();
		if (!problems.isEmpty()) {
			throw Refusal.invalid(problems);
		}
		GraphConnection.Schedule schedule = settings.schedule();
		Instant next = ScheduleRules.nextRun(schedule, this.clock.instant());
		// Turning field refresh on must refresh every user once: the next run then reads
		// the whole tenant.
		this.jdbc.update(
				"UPDATE graph_connection SET schedule_kind = ?, schedule_interval_minutes = ?,"
						+ " schedule_cron = ?, schedule_zone = ?, next_run_at = ?,"
						+ " users_delta_link = CASE WHEN ? AND NOT refresh_fields THEN NULL ELSE users_delta_link END,"
						+ " refresh_fields = ?, notify_url = ?, updated_at = ? WHERE account_id = ?",
				schedule.kind().name().toLowerCase(Locale.ROOT), schedule.intervalMinutes(), schedule.cron(),
				ScheduleRules.zone(schedule), time(next), settings.refreshFields(), settings.refreshFields(),
				settings.givenNotifyUrl(), time(this.clock.instant().truncatedTo(ChronoUnit.MICROS)), accountId);
		return this.connections.get(accountId);
	}

	private static OffsetDateTime time(Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

}
