package app.provisioning.mapping.feed;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

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
 * Purges events older than the retention, oldest first and in batches, once per check
 * across the cluster (a db-scheduler recurring task). Each account remembers the highest
 * position it lost, so that a cursor behind it is told so (410) instead of silently
 * skipping events.
 */
@Configuration
class FeedRetention {

	private static final Logger log = LoggerFactory.getLogger(FeedRetention.class);

	static final int BATCH = 10_000;

	private final JdbcTemplate jdbc;

	private final FeedProperties properties;

	private final TransactionTemplate transactions;

	private final Clock clock;

	FeedRetention(JdbcTemplate jdbc, FeedProperties properties, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Bean
	RecurringTask<Void> changeFeedPurgeTask() {
		return Tasks.recurring("change-feed-retention", FixedDelay.of(this.properties.purgeCheck()))
			.execute((instance, context) -> purge());
	}

	/** Returns how many events were purged. */
	long purge() {
		Instant before = this.clock.instant().minus(this.properties.retention());
		long total = 0;
		while (true) {
			Integer purged = this.transactions.execute((status) -> this.jdbc.queryForObject("WITH gone AS ("
					+ "DELETE FROM record_event WHERE id IN (SELECT id FROM record_event WHERE position IS NOT NULL"
					+ " AND at < ? ORDER BY position LIMIT ?) RETURNING account_id, position),"
					+ " horizon AS (INSERT INTO feed_horizon (account_id, purged_through, purged_at)"
					+ " SELECT account_id, max(position), now() FROM gone GROUP BY account_id"
					+ " ON CONFLICT (account_id) DO UPDATE SET purged_through = greatest(feed_horizon.purged_through,"
					+ " excluded.purged_through), purged_at = excluded.purged_at)" + " SELECT count(*) FROM gone",
					Integer.class, OffsetDateTime.ofInstant(before, ZoneOffset.UTC), BATCH));
			total += purged;
			if (purged < BATCH) {
				break;
			}
		}
		if (total > 0) {
			log.info("Change feed retention: purged {} events older than {} ({} days)", total, before,
					this.properties.retention().toDays());
		}
		return total;
	}

}
