package app.provisioning.reconcile;

import java.util.List;

import app.provisioning.platform.Problem;

/**
 * What to do around a run: schedule, whether to refresh mapped fields of present users,
 * whom to notify.
 */
public record RunSettings(GraphConnection.Schedule schedule, boolean refreshFields, String notifyUrl) {

	/** Problems of these settings, each one a sentence an administrator can act on. */
	List<Problem> problems() {
		List<Problem> problems = ScheduleRules.problems(this.schedule);
		String notify = givenNotifyUrl();
		if (notify != null && !(notify.startsWith("https://") || notify.startsWith("http://"))) {
			problems.add(Problem.at("/notifyUrl", "notifyUrl must be an http(s) URL that accepts a JSON POST"));
		}
		return problems;
	}

	/** The notification URL, trimmed; null when none was given. */
	String givenNotifyUrl() {
		return (this.notifyUrl == null || this.notifyUrl.isBlank()) ? null : this.notifyUrl.trim();
	}

}
