package app.provisioning.mapping.feed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.provisioning.platform.BackgroundTasks;

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
public class FeedSequencer {

	private static final Logger log = LoggerFactory.getLogger(FeedSequencer.class);

	static final int BATCH = 10_000;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final FeedProperties properties;

	private volatile boolean failing;

	FeedSequencer(JdbcTemplate jdbc, TransactionTemplate transactions, FeedProperties properties,
			BackgroundTasks background) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		background.every(properties.sequenceInterval(), properties.sequenceInterval(), "feed-sequencer", this::tick);
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
		// held, so it sees every position an earlier sequencer gave.
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

}
