package app.provisioning.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.platform.BackgroundTasks;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What each account's SCIM client asked and what it got: counted in memory on the request
 * path (no database work there), added to the database every few seconds by every
 * instance, so an account's figures are the cluster's. Kept two days in 10-minute steps.
 */
@Component
public class ScimTraffic {

	private static final Logger log = LoggerFactory.getLogger(ScimTraffic.class);

	static final Duration STEP = Duration.ofMinutes(10);

	static final Duration KEPT = Duration.ofDays(2);

	private static final Duration FLUSH_EVERY = Duration.ofSeconds(5);

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Map<Count, LongAdder> counts = new ConcurrentHashMap<>();

	private final Map<UUID, Last> last = new ConcurrentHashMap<>();

	private final Map<Count, String> examples = new ConcurrentHashMap<>();

	private volatile boolean failing;

	private volatile Instant lastPurge = Instant.EPOCH;

	ScimTraffic(JdbcTemplate jdbc, Clock clock, BackgroundTasks background) {
		this.jdbc = jdbc;
		this.clock = clock;
		// Once more at shutdown, after the web server stopped: the last requests count.
		background.everyAndOnStop(FLUSH_EVERY, FLUSH_EVERY, "scim-traffic", this::flushQuietly);
	}

	private record Count(UUID accountId, long period, int status, String scimType) {
	}

	private record Last(Instant at, int status) {
	}

	/**
	 * Counts one answered SCIM request of an account; a failing one's request id is kept
	 * as an example.
	 */
	void record(UUID accountId, int status, String scimType, String requestId) {
		Instant now = this.clock.instant();
		long period = now.getEpochSecond() / STEP.toSeconds() * STEP.toSeconds();
		Count key = new Count(accountId, period, status, (scimType != null) ? scimType : "");
		this.counts.computeIfAbsent(key, (any) -> new LongAdder()).increment();
		if ((status < 200 || status >= 300) && requestId != null) {
			this.examples.put(key, requestId);
		}
		this.last.merge(accountId, new Last(now, status), (old, next) -> next.at().isAfter(old.at()) ? next : old);
	}

	/**
	 * Adds what this instance counted since the last time to the database; kept in memory
	 * for the next time if the database cannot be reached.
	 */
	public synchronized void flush() {
		List<Map.Entry<Count, Long>> taken = new ArrayList<>();
		Map<Count, String> examplesTaken = new java.util.HashMap<>();
		for (Count key : List.copyOf(this.counts.keySet())) {
			LongAdder adder = this.counts.remove(key);
			if (adder != null) {
				taken.add(Map.entry(key, adder.sum()));
				String example = this.examples.remove(key);
				if (example != null) {
					examplesTaken.put(key, example);
				}
			}
		}
		List<Map.Entry<UUID, Last>> lasts = new ArrayList<>();
		for (UUID account : List.copyOf(this.last.keySet())) {
			Last value = this.last.remove(account);
			if (value != null) {
				lasts.add(Map.entry(account, value));
			}
		}
		try {
			write(taken, examplesTaken, lasts);
			purgeNowAndThen();
			if (this.failing) {
				log.info("SCIM traffic counts are written again");
				this.failing = false;
			}
		}
		catch (DataAccessException ex) {
			taken.forEach((entry) -> this.counts.computeIfAbsent(entry.getKey(), (key) -> new LongAdder())
				.add(entry.getValue()));
			examplesTaken.forEach(this.examples::putIfAbsent);
			lasts.forEach((entry) -> this.last.merge(entry.getKey(), entry.getValue(),
					(mine, kept) -> mine.at().isAfter(kept.at()) ? mine : kept));
			if (!this.failing) {
				log.warn("SCIM traffic counts could not be written; kept in memory and tried again: {}",
						ex.getMessage());
				this.failing = true;
			}
		}
	}

	private void write(List<Map.Entry<Count, Long>> taken, Map<Count, String> examples,
			List<Map.Entry<UUID, Last>> lasts) {
		if (!taken.isEmpty()) {
			this.jdbc.batchUpdate("INSERT INTO scim_traffic (account_id, period, status, scim_type, requests,"
					+ " example_request_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, period, status, scim_type)"
					+ " DO UPDATE SET requests = scim_traffic.requests + excluded.requests, example_request_id ="
					+ " coalesce(excluded.example_request_id, scim_traffic.example_request_id)", taken, 500,
					(statement, entry) -> {
						Count key = entry.getKey();
						statement.setObject(1, key.accountId());
						statement.setObject(2, utc(Instant.ofEpochSecond(key.period())));
						statement.setInt(3, key.status());
						statement.setString(4, key.scimType());
						statement.setLong(5, entry.getValue());
						statement.setString(6, examples.get(key));
					});
		}
		if (!lasts.isEmpty()) {
			this.jdbc.batchUpdate("INSERT INTO scim_last_request (account_id, at, status) VALUES (?, ?, ?)"
					+ " ON CONFLICT (account_id) DO UPDATE SET at = excluded.at, status = excluded.status"
					+ " WHERE scim_last_request.at < excluded.at", lasts, 500, (statement, entry) -> {
						statement.setObject(1, entry.getKey());
						statement.setObject(2, utc(entry.getValue().at()));
						statement.setInt(3, entry.getValue().status());
					});
		}
	}

	private void purgeNowAndThen() {
		Instant now = this.clock.instant();
		if (Duration.between(this.lastPurge, now).compareTo(Duration.ofHours(1)) >= 0) {
			this.jdbc.update("DELETE FROM scim_traffic WHERE period < ?", utc(now.minus(KEPT)));
			this.lastPurge = now;
		}
	}

	/** An account's SCIM traffic over the last hour and the last day, by answer. */
	public record Summary(Instant lastRequestAt, Integer lastStatus, List<Outcome> lastHour, List<Outcome> lastDay) {

		/**
		 * Requests answered with one status (and scimType, for 4xx), with the id of one
		 * of them when they failed.
		 */
		public record Outcome(int status, String scimType, long requests, String exampleRequestId) {

			/**
			 * Entra counts every answer but success and 404 (which it expects when it
			 * looks for a user that is not there) against the job.
			 */
			public boolean entraFailure() {
				return (this.status < 200 || this.status >= 300) && this.status != 404;
			}

		}

		public long requests(List<Outcome> outcomes) {
			return outcomes.stream().mapToLong(Outcome::requests).sum();
		}

		public long failures(List<Outcome> outcomes) {
			return outcomes.stream().filter(Outcome::entraFailure).mapToLong(Outcome::requests).sum();
		}

	}

	public Summary summary(UUID accountId) {
		Instant now = this.clock.instant();
		Optional<Last> lastSeen = this.jdbc
			.query("SELECT at, status FROM scim_last_request WHERE account_id = ?",
					(rs, n) -> new Last(rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getInt("status")),
					accountId)
			.stream()
			.findFirst();
		return new Summary(lastSeen.map(Last::at).orElse(null), lastSeen.map(Last::status).orElse(null),
				outcomes(accountId, now.minus(Duration.ofHours(1))),
				outcomes(accountId, now.minus(Duration.ofDays(1))));
	}

	private List<Summary.Outcome> outcomes(UUID accountId, Instant since) {
		// Steps that began before "since" but end after it are counted whole.
		Instant from = Instant.ofEpochSecond(since.getEpochSecond() / STEP.toSeconds() * STEP.toSeconds());
		return this.jdbc.query(
				"SELECT status, scim_type, sum(requests) AS requests, max(example_request_id) AS example"
						+ " FROM scim_traffic WHERE account_id = ? AND period >= ? GROUP BY status, scim_type"
						+ " ORDER BY status, scim_type",
				(rs, n) -> new Summary.Outcome(rs.getInt("status"), rs.getString("scim_type"), rs.getLong("requests"),
						rs.getString("example")),
				accountId, utc(from));
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	private void flushQuietly() {
		try {
			flush();
		}
		catch (RuntimeException ex) {
			log.error("Writing SCIM traffic counts failed", ex);
		}
	}

}
