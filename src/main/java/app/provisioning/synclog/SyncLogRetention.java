package app.provisioning.synclog;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Purges entries older than the retention, in batches, once per check across the cluster
 * (a db-scheduler recurring task). Each account whose entries were purged gets an entry
 * saying so.
 */
@Configuration
class SyncLogRetention {

	private static final Logger log = LoggerFactory.getLogger(SyncLogRetention.class);

	static final int BATCH = 10_000;

	private final JdbcTemplate jdbc;

	private final SyncLog syncLog;

	private final SyncLogProperties properties;

	private final TransactionTemplate transactions;

	private final Clock clock;

	SyncLogRetention(JdbcTemplate jdbc, SyncLog syncLog, SyncLogProperties properties, TransactionTemplate transactions,
			Clock clock) {
		this.jdbc = jdbc;
		this.syncLog = syncLog;
		this.properties = properties;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Bean
	RecurringTask<Void> syncLogPurgeTask() {
		return Tasks.recurring("sync-log-retention", FixedDelay.of(this.properties.purgeCheck()))
			.execute((instance, context) -> purge());
	}

	/** Returns how many entries were purged. */
	long purge() {
		Instant before = this.clock.instant().minus(this.properties.retention());
		Map<UUID, Long> purged = new HashMap<>();
		while (true) {
			List<UUID> accounts = this.transactions.execute((status) -> this.jdbc.queryForList(
					"DELETE FROM sync_log WHERE id IN (SELECT id FROM sync_log WHERE at < ? ORDER BY at LIMIT ?)"
							+ " RETURNING account_id",
					UUID.class, OffsetDateTime.ofInstant(before, ZoneOffset.UTC), BATCH));
			accounts.forEach((account) -> purged.merge(account, 1L, Long::sum));
			if (accounts.size() < BATCH) {
				break;
			}
		}
		long total = purged.values().stream().mapToLong(Long::longValue).sum();
		String source = "retention:" + before.toString().substring(0, 10);
		purged.forEach((account, count) -> this.syncLog
			.append(new SyncLog.Entry(account, source, "purge", "sync_log", null, SyncLog.Outcome.APPLIED,
					"Purged " + count + " entries older than " + before + " (retention "
							+ this.properties.retention().toDays() + " days)",
					JsonNodeFactory.instance.objectNode().put("purged", count))));
		if (total > 0) {
			log.info("Sync log retention: purged {} entries older than {} from {} account(s)", total, before,
					purged.size());
		}
		return total;
	}

}
