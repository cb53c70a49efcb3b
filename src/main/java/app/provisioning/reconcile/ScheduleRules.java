package app.provisioning.reconcile;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import app.provisioning.platform.Problem;

import org.springframework.scheduling.support.CronExpression;

/**
 * What a valid run schedule is, and when it next comes due. Saving a schedule and
 * starting its due runs must compute the next run the same way, or a run would be missed
 * or doubled.
 */
final class ScheduleRules {

	static final int MIN_INTERVAL_MINUTES = 5;

	static final int MAX_INTERVAL_MINUTES = 60 * 24 * 31;

	private ScheduleRules() {
	}

	/** Problems of this schedule, each one a sentence an administrator can act on. */
	static List<Problem> problems(GraphConnection.Schedule schedule) {
		List<Problem> problems = new ArrayList<>();
		if (schedule == null || schedule.kind() == null) {
			problems.add(Problem.at("/schedule/kind", "schedule.kind must be off, interval or cron"));
			return problems;
		}
		if (schedule.kind() == GraphConnection.Schedule.Kind.INTERVAL) {
			Integer minutes = schedule.intervalMinutes();
			if (minutes == null || minutes < MIN_INTERVAL_MINUTES || minutes > MAX_INTERVAL_MINUTES) {
				problems.add(Problem.at("/schedule/intervalMinutes", "schedule.intervalMinutes must be between "
						+ MIN_INTERVAL_MINUTES + " and " + MAX_INTERVAL_MINUTES + " (31 days)"));
			}
		}
		if (schedule.kind() == GraphConnection.Schedule.Kind.CRON) {
			if (schedule.cron() == null || !CronExpression.isValidExpression(schedule.cron())) {
				problems.add(Problem.at("/schedule/cron", "schedule.cron '" + schedule.cron()
						+ "' is not a cron expression with six fields"
						+ " (second minute hour day-of-month month day-of-week), e.g. \"0 0 2 * * *\" for 02:00 daily"));
			}
		}
		try {
			ZoneId.of(zone(schedule));
		}
		catch (DateTimeException ex) {
			problems.add(Problem.at("/schedule/zone",
					"schedule.zone '" + schedule.zone() + "' is not a time zone such as UTC or Europe/Berlin"));
		}
		return problems;
	}

	/** The next scheduled run after {@code after}, or null when the schedule is off. */
	static Instant nextRun(GraphConnection.Schedule schedule, Instant after) {
		return switch (schedule.kind()) {
			case OFF -> null;
			case INTERVAL -> after.plus(Duration.ofMinutes(schedule.intervalMinutes()));
			case CRON -> {
				ZonedDateTime next = CronExpression.parse(schedule.cron())
					.next(ZonedDateTime.ofInstant(after, ZoneId.of(zone(schedule))));
				yield (next != null) ? next.toInstant() : null;
			}
		};
	}

	/** The schedule's time zone; none given means UTC. */
	static String zone(GraphConnection.Schedule schedule) {
		return (schedule.zone() != null && !schedule.zone().isBlank()) ? schedule.zone() : "UTC";
	}

}
