package app.provisioning.mapping;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.platform.Refusal;
import app.provisioning.directory.ScimUserChanged;
import app.provisioning.scim.ResourceStore;
import app.provisioning.scim.SearchResult;
import app.provisioning.scim.StoredResource;
import app.provisioning.scim.query.ScimSearch;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-applies a changed field map to the users already provisioned, on an administrator's
 * request, in the background: page by page, each page in its own transaction, progress in
 * the database so any instance can report it.
 */
@Service
public class MappingReapply implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(MappingReapply.class);

	private static final int PAGE = 200;

	/**
	 * A run without progress for this long was lost with its instance and may be started
	 * again.
	 */
	private static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofMinutes(5);

	private final FieldMaps maps;

	private final RecordProvisioning records;

	private final LoginPermissions permissions;

	private final ResourceStore users;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final ExecutorService runner = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "mapping-reapply");
		thread.setDaemon(true);
		return thread;
	});

	MappingReapply(FieldMaps maps, RecordProvisioning records, LoginPermissions permissions,
			@Qualifier("userStore") ResourceStore users, JdbcTemplate jdbc, TransactionTemplate transactions,
			Clock clock) {
		this.maps = maps;
		this.records = records;
		this.permissions = permissions;
		this.users = users;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** Progress of a run: state running, completed or failed. */
	public record Job(UUID id, String state, long total, long processed, long errors, String lastError,
			Instant startedAt, Instant finishedAt) {
	}

	public Job start(UUID accountId, UUID mapId) {
		FieldMap map = this.maps.get(accountId, mapId);
		Job running = latest(accountId, mapId);
		if (running != null && running.state().equals("running")) {
			int abandoned = this.jdbc.update(
					"UPDATE mapping_job SET state = 'failed', finished_at = ?, last_error = ?"
							+ " WHERE id = ? AND state = 'running' AND heartbeat_at < ?",
					now(), "Abandoned: no progress for " + ABANDONED_AFTER.toMinutes()
							+ " minutes (its server instance stopped)",
					running.id(), now().minus(ABANDONED_AFTER));
			if (abandoned == 0) {
				throw Refusal.conflict("A re-apply of this map is already running (" + running.processed() + " of "
						+ running.total() + " users done)");
			}
		}
		long total = search(accountId, "", 0).totalResults();
		UUID jobId = UUID.randomUUID();
		OffsetDateTime started = now();
		this.jdbc
			.update("INSERT INTO mapping_job (id, account_id, field_map_id, state, total, started_at, heartbeat_at)"
					+ " VALUES (?, ?, ?, 'running', ?, ?, ?)", jobId, accountId, mapId, total, started, started);
		this.runner.submit(() -> run(jobId, map));
		return latest(accountId, mapId);
	}

	public Job latest(UUID accountId, UUID mapId) {
		List<Job> jobs = this.jdbc.query(
				"SELECT * FROM mapping_job WHERE account_id = ? AND field_map_id = ?"
						+ " ORDER BY started_at DESC LIMIT 1",
				(rs, n) -> new Job(rs.getObject("id", UUID.class), rs.getString("state"), rs.getLong("total"),
						rs.getLong("processed"), rs.getLong("errors"), rs.getString("last_error"),
						rs.getObject("started_at", OffsetDateTime.class).toInstant(),
						(rs.getObject("finished_at", OffsetDateTime.class) != null)
								? rs.getObject("finished_at", OffsetDateTime.class).toInstant() : null),
				accountId, mapId);
		return jobs.isEmpty() ? null : jobs.get(0);
	}

	private void run(UUID jobId, FieldMap map) {
		String source = "reapply:" + jobId;
		try {
			String cursor = "";
			while (cursor != null) {
				SearchResult page = search(map.accountId(), cursor, PAGE);
				Map<String, Long> counts = this.transactions.execute((status) -> {
					long errors = 0;
					List<UUID> ids = new java.util.ArrayList<>();
					for (StoredResource user : page.resources()) {
						ScimUserChanged change = new ScimUserChanged(map.accountId(), UUID.fromString(user.id()),
								user.attributes(), ScimUserChanged.Change.UPDATED);
						errors += this.records.apply(map, change, source) ? 0 : 1;
						ids.add(change.scimUserId());
					}
					if (map.target() == FieldMap.Target.USER_CONFIGURATION) {
						this.permissions.recompute(map.accountId(), ids, source);
					}
					return Map.of("done", (long) page.resources().size(), "errors", errors);
				});
				this.jdbc
					.update("UPDATE mapping_job SET processed = processed + ?, errors = errors + ?, heartbeat_at = ?"
							+ " WHERE id = ?", counts.get("done"), counts.get("errors"), now(), jobId);
				cursor = page.nextCursor();
			}
			this.jdbc.update("UPDATE mapping_job SET state = 'completed', finished_at = ? WHERE id = ?", now(), jobId);
			log.info("Re-applied field map '{}' of account {}", map.name(), map.accountId());
		}
		catch (RuntimeException ex) {
			log.error("Re-applying field map '{}' of account {} failed", map.name(), map.accountId(), ex);
			this.jdbc.update("UPDATE mapping_job SET state = 'failed', finished_at = ?, last_error = ? WHERE id = ?",
					now(), String.valueOf(ex.getMessage()), jobId);
		}
	}

	private SearchResult search(UUID accountId, String cursor, int count) {
		try {
			return this.users.search(accountId, new ScimSearch(null, null, false, 1, count, cursor, false));
		}
		catch (com.unboundid.scim2.common.exceptions.ScimException ex) {
			throw new IllegalStateException("Listing the account's users failed", ex);
		}
	}

	private OffsetDateTime now() {
		return OffsetDateTime.ofInstant(this.clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
	}

	@Override
	public void destroy() {
		// Stop at a page boundary; an interrupted run counts as abandoned once its
		// heartbeat is old.
		this.runner.shutdownNow();
	}

}
