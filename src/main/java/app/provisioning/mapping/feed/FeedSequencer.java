package app.provisioning.mapping.feed;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives committed events their feed position, in id order, one sequencer at a time across
 * the cluster (the row lock on {@code feed_sequence}). An event only becomes readable
 * with its position, and positions become visible in increasing order, so a reader never
 * finds an event behind a position it has passed. Readers and the webhook dispatcher call
 * it before they read; a background pass keeps the backlog short when nobody reads.
 */
@Component
public class FeedSequencer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(FeedSequencer.class);

	static final int BATCH = 10_000;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final FeedProperties properties;

	private ScheduledExecutorService background;

	private volatile boolean failing;

	FeedSequencer(JdbcTemplate jdbc, TransactionTemplate transactions, FeedProperties properties) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
	}

	/** Positions every event committed so far; returns how many got one. */
	public long sequence() {
		long total = 0;
		while (true) {
			Integer done = this.transactions.execute((status) -> pass());
			total += done;
			if (done < BATCH) {
				return total;
			}
		}
	}

	private int pass() {
		// Two statements on purpose: the second one's snapshot is taken after the lock is
		// held,
		// so it sees every position an earlier sequencer gave.
		Long last = this.jdbc.queryForObject("SELECT last_position FROM feed_sequence FOR UPDATE", Long.class);
		int done = this.jdbc.update("UPDATE record_event e SET position = ? + b.n FROM (SELECT id,"
				+ " row_number() OVER (ORDER BY id) AS n FROM (SELECT id FROM record_event WHERE position IS NULL"
				+ " ORDER BY id LIMIT ?) waiting) b WHERE e.id = b.id", last, BATCH);
		if (done > 0) {
			this.jdbc.update("UPDATE feed_sequence SET last_position = last_position + ?", done);
		}
		return done;
	}

	private void tick() {
		try {
			sequence();
			if (this.failing) {
				log.info("Change feed sequencing works again");
				this.failing = false;
			}
		}
		catch (DataAccessException ex) {
			if (!this.failing) {
				log.warn("Change feed sequencing failed; retrying every {}: {}", this.properties.sequenceInterval(),
						ex.getMessage());
				this.failing = true;
			}
		}
	}

	@Override
	public synchronized void start() {
		this.background = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "feed-sequencer");
			thread.setDaemon(true);
			return thread;
		});
		long every = this.properties.sequenceInterval().toMillis();
		this.background.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.background != null) {
			this.background.shutdownNow();
			this.background = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.background != null;
	}

}
