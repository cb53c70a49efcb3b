package app.provisioning.webhooks;

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
 * Purges finished deliveries (and their attempts) older than the retention, in batches,
 * once per check across the cluster. Pending deliveries are kept however old they are.
 */
@Configuration
class WebhookRetention {

	private static final Logger log = LoggerFactory.getLogger(WebhookRetention.class);

	static final int BATCH = 10_000;

	private final JdbcTemplate jdbc;

	private final WebhooksProperties properties;

	private final TransactionTemplate transactions;

	private final Clock clock;

	WebhookRetention(JdbcTemplate jdbc, WebhooksProperties properties, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.transactions = transactions;
		this.clock = clock;
	}

	@Bean
	RecurringTask<Void> webhookDeliveryPurgeTask() {
		return Tasks.recurring("webhook-delivery-retention", FixedDelay.of(this.properties.purgeCheck()))
			.execute((instance, context) -> purge());
	}

	/** Returns how many deliveries were purged. */
	long purge() {
		OffsetDateTime before = OffsetDateTime
			.ofInstant(this.clock.instant().minus(this.properties.deliveryRetention()), ZoneOffset.UTC);
		long total = 0;
		while (true) {
			// Attempts go with their delivery (on delete cascade).
			Integer done = this.transactions.execute((status) -> this.jdbc.update("DELETE FROM webhook_delivery"
					+ " WHERE id IN (SELECT id FROM webhook_delivery WHERE state <> 'pending' AND created_at < ?"
					+ " ORDER BY created_at LIMIT ?)", before, BATCH));
			total += done;
			if (done < BATCH) {
				break;
			}
		}
		if (total > 0) {
			log.info("Webhook delivery retention: purged {} deliveries created before {}", total, before);
		}
		return total;
	}

}
